import "server-only";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";

export type MessageMedia = Pick<Row<"messages">, "media_storage_path" | "media_mime_type" | "media_filename" | "media_status">;

/** A message's media columns; run as the user, so RLS hides other workspaces' messages (null). */
export async function findMessageMedia(tx: Tx, messageId: string): Promise<MessageMedia | null> {
  const [row] = await tx<MessageMedia[]>`
    select media_storage_path, media_mime_type, media_filename, media_status from public.messages where id = ${messageId}`;
  return row ?? null;
}
