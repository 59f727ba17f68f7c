import "server-only";
import type { Tx } from "@/server/db/client";

export interface ConversationListItem {
  id: string;
  contact_id: string;
  contact_name: string | null;
  phone_e164: string | null;
  status: "active" | "archived";
  unread_count: number;
  last_message_at: Date | null;
  last_message_preview: string | null;
  last_message_direction: "inbound" | "outbound" | null;
  last_message_type: string | null;
  last_customer_message_at: Date | null;
  channel_name: string | null;
  assigned_to: string | null;
}

/** The newest conversations of a workspace, as the inbox lists them. */
export function listConversations(tx: Tx, workspaceId: string, options: { status: "active" | "archived"; limit: number }) {
  return tx<ConversationListItem[]>`
    select c.id, c.contact_id, coalesce(k.name, k.profile_name, k.username) as contact_name, k.phone_e164,
           c.status, c.unread_count, c.last_message_at, c.last_message_preview, c.last_message_direction,
           c.last_message_type, c.last_customer_message_at, ch.name as channel_name, c.assigned_to
    from public.conversations c
    join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
    left join public.whatsapp_channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
    where c.workspace_id = ${workspaceId} and c.status = ${options.status}
    order by c.last_message_at desc nulls last, c.id desc
    limit ${options.limit}`;
}
