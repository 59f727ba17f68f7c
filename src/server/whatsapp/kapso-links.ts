import "server-only";
import type { Tx } from "@/server/db/client";
import { env } from "@/server/env";

/**
 * The link into Kapso's inbox for a Kapso conversation id column, in SQL so
 * every query that returns the id (API serializers, pages) returns its link
 * beside it: KAPSO_INBOX_URL with `conversation_id` (Kapso's deep-link
 * parameter). Ids are Kapso's UUIDs; anything else gets no link rather than
 * a URL built from unexpected text.
 */
export function kapsoConversationUrl(tx: Tx, column: string) {
  const base = env().KAPSO_INBOX_URL;
  const prefix = `${base}${base.includes("?") ? "&" : "?"}conversation_id=`;
  return tx`case when ${tx(column)} ~ '^[A-Za-z0-9_-]{1,100}$' then ${prefix}::text || ${tx(column)} end`;
}
