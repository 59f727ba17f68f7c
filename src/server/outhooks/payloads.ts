import "server-only";
import { findBroadcast } from "@/server/api/broadcasts";
import { findContact } from "@/server/api/contacts";
import { getConversation, getMessage } from "@/server/api/conversations";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";

/** `created_at` as text with microseconds, as the event's payload states it. */
export type OutboxRow = With<
  Pick<Row<"webhook_outbox">, "id" | "workspace_id" | "type" | "entity_id" | "changes">,
  { changes: Record<string, unknown>; created_at: string }
>;

/**
 * Builds an event's `data` from the entity as the API shows it now. Null
 * when the entity no longer exists (deleted or merged since): that event is
 * dropped, as there is nothing left to describe.
 */
export async function eventData(tx: Tx, event: OutboxRow): Promise<Record<string, unknown> | null> {
  if (!event.entity_id) return null;
  const [kind] = event.type.split(".");
  const resource =
    kind === "broadcast"
      ? await findBroadcast(tx, event.workspace_id, event.entity_id)
      : kind === "message"
        ? await getMessage(tx, event.workspace_id, event.entity_id)
        : kind === "conversation"
          ? await getConversation(tx, event.workspace_id, event.entity_id)
          : await findContact(tx, event.workspace_id, event.entity_id);
  if (!resource) return null;
  return { [kind === "lead" ? "contact" : (kind as string)]: resource, ...event.changes };
}
