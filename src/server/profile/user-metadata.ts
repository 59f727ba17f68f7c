import "server-only";
import { asService } from "@/server/db/client";

/**
 * A user's own settings that follow them across workspaces (language,
 * theme) live in their user metadata beside `full_name`, in both auth
 * modes: GoTrue reads the metadata from this row too.
 */
export async function readUserSetting(userId: string, key: string): Promise<string | null> {
  const [row] = await asService(
    (tx) => tx<{ value: string | null }[]>`select raw_user_meta_data ->> ${key}::text as value from auth.users where id = ${userId}`,
  );
  return row?.value ?? null;
}

/** Saves one setting (null: forget it), merged so `full_name` and the rest stay. */
export async function writeUserSetting(userId: string, key: string, value: string | null) {
  await asService(
    (tx) => tx`update auth.users
               set raw_user_meta_data = case when ${value}::text is null then coalesce(raw_user_meta_data, '{}'::jsonb) - ${key}::text
                                             else coalesce(raw_user_meta_data, '{}'::jsonb) || jsonb_build_object(${key}::text, ${value}::text) end,
                   updated_at = now()
               where id = ${userId}`,
  );
}
