import "server-only";
import { cache } from "react";
import { isLocale, type Locale } from "@/lib/locales";
import { asService } from "@/server/db/client";

/**
 * The language a user chose in their profile, kept in their user metadata
 * (`locale`) beside `full_name` in both auth modes. Read once per request;
 * null until they choose.
 */
export const getChosenLocale = cache(async (userId: string): Promise<Locale | null> => {
  const [row] = await asService(
    (tx) => tx<{ locale: string | null }[]>`select raw_user_meta_data ->> 'locale' as locale from auth.users where id = ${userId}`,
  );
  return isLocale(row?.locale) ? row.locale : null;
});

/**
 * Saves the user's choice (null: follow the browser again), merged into
 * their metadata so `full_name` and the rest stay. Written in SQL in both
 * auth modes: GoTrue reads the metadata from this row too.
 */
export async function setChosenLocale(userId: string, locale: Locale | null) {
  await asService(
    (tx) => tx`update auth.users
               set raw_user_meta_data = case when ${locale}::text is null then coalesce(raw_user_meta_data, '{}'::jsonb) - 'locale'
                                             else coalesce(raw_user_meta_data, '{}'::jsonb) || jsonb_build_object('locale', ${locale}::text) end,
                   updated_at = now()
               where id = ${userId}`,
  );
}
