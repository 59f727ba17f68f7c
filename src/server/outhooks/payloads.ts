import "server-only";
import { findContact } from "@/server/api/contacts";
import { getConversation, getMessage } from "@/server/api/conversations";
import type { Tx } from "@/server/db/client";

export interface OutboxRow {
  id: string;
  workspace_id: string;
  type: string;
  entity_id: string | null;
  changes: Record<string, unknown>;
  created_at: string;
}

/**
 * Builds an event's `data` from the entity as the API shows it now. Null
 * when the entity no longer exists (deleted or merged since): that event is
 * dropped, as there is nothing left to describe.
 */
export async function eventData(tx: Tx, event: OutboxRow): Promise<Record<string, unknown> | null> {
  if (!event.entity_id) return null;
  const [kind] = event.type.split(".");
  const resource =
    kind === "message"
      ? await getMessage(tx, event.workspace_id, event.entity_id)
      : kind === "conversation"
        ? await getConversation(tx, event.workspace_id, event.entity_id)
        : await findContact(tx, event.workspace_id, event.entity_id);
  if (!resource) return null;
  return { [kind === "lead" ? "contact" : (kind as string)]: resource, ...event.changes };
}
