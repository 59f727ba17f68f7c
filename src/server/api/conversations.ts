import "server-only";
import { z } from "zod";
import { CONVERSATION_STATUSES } from "@/lib/conversation-status";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { setConversationTeam } from "@/server/inbox/assignment";
import { assignConversation } from "@/server/inbox/commands";
import { conversationLabelsJson, labelCondition, listMessages as listThread, type ThreadMessage } from "@/server/inbox/queries";
import { setConversationStatus } from "@/server/inbox/status";
import { kapsoConversationUrl } from "@/server/whatsapp/kapso-links";
import { cursorTime, decodeCursor, encodeCursor } from "./cursor";
import type { ApiConversation, ApiMessage, conversationListQuery, conversationPatch, messageListQuery } from "./schemas";

const iso = (tx: Tx, column: string) => tx`to_char(${tx(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The Conversation resource's columns, `c` joined with its contact `k`. */
const selectConversations = (tx: Tx) => tx`
  select c.id, c.status, ${iso(tx, "c.snoozed_until")} as snoozed_until, ${iso(tx, "c.resolved_at")} as resolved_at,
         json_build_object('id', k.id, 'name', coalesce(k.name, k.profile_name, k.username), 'phone', k.phone_e164) as contact,
         c.channel_id, c.assigned_to, c.team_id, c.unread_count, ${iso(tx, "c.last_message_at")} as last_message_at,
         c.last_message_preview, c.last_message_direction,
         to_char((c.last_customer_message_at + interval '24 hours') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
           as window_expires_at,
         c.needs_human, ${iso(tx, "c.created_at")} as created_at, ${iso(tx, "c.updated_at")} as updated_at,
         c.provider_conversation_id as kapso_conversation_id,
         ${kapsoConversationUrl(tx, "c.provider_conversation_id")} as kapso_conversation_url,
         ${conversationLabelsJson(tx)} as labels
  from public.conversations c
  join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id`;

/** Changes a conversation's status (snoozed: until `snoozed_until`); the activity line names the key. */
/** One conversation as the API shows it, or null when it is not in the workspace. */
export async function getConversation(tx: Tx, workspaceId: string, conversationId: string): Promise<ApiConversation | null> {
  const [row] = await tx<ApiConversation[]>`${selectConversations(tx)} where c.workspace_id = ${workspaceId} and c.id = ${conversationId}`;
  return row ?? null;
}

/** Changes a conversation's status, team and/or assignee (after the team, which may auto-assign), and answers it as changed. */
export async function patchConversation(
  tx: Tx,
  workspaceId: string,
  conversationId: string,
  changes: z.output<typeof conversationPatch>,
): Promise<ApiConversation> {
  if (changes.status) {
    await setConversationStatus(
      tx,
      { workspaceId },
      conversationId,
      changes.status === "snoozed" ? { status: "snoozed", snooze: { until: changes.snoozed_until ?? "" } } : { status: changes.status },
    );
  }
  if (changes.team_id !== undefined) await setConversationTeam(tx, { workspaceId }, conversationId, changes.team_id);
  if (changes.assigned_to !== undefined) await assignConversation(tx, { workspaceId }, conversationId, changes.assigned_to);
  const updated = await getConversation(tx, workspaceId, conversationId);
  if (!updated) throw new AppError("not_found", "errors.inbox.conversationNotFound");
  return updated;
}

const conversationCursor = z.object({ lastMessageAt: cursorTime, id: z.uuid() });

/**
 * Conversations with a message, newest activity first: keyset on the last
 * message's time, read from the inbox's index, which leads with the status.
 * Without a status filter each status's range is read in index order and
 * the two are merged, instead of sorting every conversation of the workspace.
 */
export async function listConversations(
  tx: Tx,
  workspaceId: string,
  query: z.output<typeof conversationListQuery>,
): Promise<{ data: ApiConversation[]; next_cursor: string | null }> {
  const after = decodeCursor(conversationCursor, query.cursor);
  const assignee =
    query.assignee === "none" ? tx`and c.assigned_to is null` : query.assignee ? tx`and c.assigned_to = ${query.assignee}` : tx``;
  const unread = query.unread === undefined ? tx`` : query.unread ? tx`and c.unread_count > 0` : tx`and c.unread_count = 0`;
  const statuses = query.status ? [query.status] : CONVERSATION_STATUSES;
  const ranges = statuses
    .map(
      (status) => tx`(
        select c.id, c.last_message_at from public.conversations c
        where c.workspace_id = ${workspaceId} and c.status = ${status} and c.last_message_at is not null
          ${assignee} ${unread}
          ${query.channel ? tx`and c.channel_id = ${query.channel}` : tx``}
          ${query.label ? tx`and ${labelCondition(tx, [query.label])}` : tx``}
          ${query.team === "none" ? tx`and c.team_id is null` : query.team ? tx`and c.team_id = ${query.team}` : tx``}
          ${query.updated_since ? tx`and c.updated_at >= ${query.updated_since}::timestamptz` : tx``}
          ${after ? tx`and (c.last_message_at, c.id) < (${after.lastMessageAt}::timestamptz, ${after.id}::uuid)` : tx``}
        order by c.last_message_at desc nulls last, c.id desc
        limit ${query.limit + 1})`,
    )
    .reduce((union, range) => tx`${union} union all ${range}`);
  const rows = await tx<ApiConversation[]>`
    with page as (
      select id, last_message_at from (${ranges}) r order by last_message_at desc, id desc limit ${query.limit + 1}
    )
    ${selectConversations(tx)}
    join page p on p.id = c.id
    where c.workspace_id = ${workspaceId}
    order by p.last_message_at desc, p.id desc`;
  const data = rows.slice(0, query.limit);
  const last = data.at(-1);
  return {
    data,
    next_cursor:
      rows.length > query.limit && last?.last_message_at ? encodeCursor({ lastMessageAt: last.last_message_at, id: last.id }) : null,
  };
}

const messageCursor = z.object({ sentAt: cursorTime, createdAt: cursorTime, id: z.uuid() });

/** A conversation's messages, newest first, through the inbox's own thread query (reactions folded in). */
export async function listConversationMessages(
  tx: Tx,
  workspaceId: string,
  conversationId: string,
  query: z.output<typeof messageListQuery>,
): Promise<{ data: ApiMessage[]; next_cursor: string | null }> {
  const before = decodeCursor(messageCursor, query.cursor);
  const [exists] = await tx`select 1 from public.conversations where workspace_id = ${workspaceId} and id = ${conversationId}`;
  if (!exists) throw new AppError("not_found", "errors.inbox.conversationNotFound");
  const page = await listThread(tx, workspaceId, conversationId, { before, limit: query.limit });
  return {
    data: [...page.messages].reverse().map((m) => toApiMessage(m, conversationId)),
    next_cursor: page.olderCursor ? encodeCursor({ ...page.olderCursor }) : null,
  };
}

type MessageColumns = Pick<
  ThreadMessage,
  | "id"
  | "wamid"
  | "direction"
  | "type"
  | "body"
  | "status"
  | "sender_type"
  | "sent_at"
  | "media_mime_type"
  | "media_filename"
  | "error"
  | "content"
>;

function toApiMessage(m: MessageColumns, conversationId: string): ApiMessage {
  return {
    id: m.id,
    conversation_id: conversationId,
    wamid: m.wamid,
    direction: m.direction,
    type: m.type,
    body: m.body,
    status: m.status,
    sender_type: m.sender_type as ApiMessage["sender_type"],
    sent_at: m.sent_at,
    media: m.media_mime_type || m.media_filename ? { mime_type: m.media_mime_type, filename: m.media_filename } : null,
    error: m.error,
    content: m.content,
  };
}

/** One message as the API shows it, or null when it is not in the workspace. */
export async function getMessage(tx: Tx, workspaceId: string, messageId: string): Promise<ApiMessage | null> {
  const [row] = await tx<(MessageColumns & Pick<Row<"messages">, "conversation_id">)[]>`
    select id, conversation_id, wamid, direction, type, body, status, sender_type, ${iso(tx, "sent_at")} as sent_at,
           media_mime_type, media_filename, error, content
    from public.messages where workspace_id = ${workspaceId} and id = ${messageId}`;
  return row ? toApiMessage(row, row.conversation_id) : null;
}
