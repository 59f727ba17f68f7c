import "server-only";
import type { ActivityLine } from "@/lib/conversation-activity";
import type { ConversationFilter } from "@/lib/conversation-filter";
import type { ConversationStatus } from "@/lib/conversation-status";
import type { LabelColor } from "@/lib/label-colors";
import type { CountryCode } from "@/lib/phone";
import { type TemplateComponent, type TemplateParameter, templateParameters } from "@/lib/templates";
import type { Tx } from "@/server/db/client";
import type { JsonRow, Row, With } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { searchPatterns } from "@/server/search-patterns";
import { kapsoConversationUrl } from "@/server/whatsapp/kapso-links";
import { listActivity } from "./activity";

/** Position in the list: the last row seen (keyset pagination, stable while rows move). */
export interface ConversationCursor {
  lastMessageAt: string;
  id: string;
}

/**
 * A row of the list, timestamps as text (see `exact`). `ai_paused`: the AI
 * assistant stays out of this conversation until an agent turns it back on;
 * `needs_human`: waiting for a person (the assistant handed over, or could
 * not answer), and why.
 */
export type ConversationListItem = With<
  Pick<
    Row<"conversations">,
    | "id"
    | "contact_id"
    | "status"
    | "unread_count"
    | "is_read"
    | "last_message_preview"
    | "last_message_direction"
    | "last_message_type"
    | "assigned_to"
    | "ai_paused"
    | "needs_human"
    | "needs_human_reason"
  >,
  {
    status: ConversationStatus;
    last_message_direction: "inbound" | "outbound" | null;
    /** Never null in the list, which shows only conversations with a message. */
    last_message_at: string;
    last_customer_message_at: string | null;
    /** When a snoozed conversation wakes up (null unless snoozed). */
    snoozed_until: string | null;
    /** The last message's delivery state when we sent it (the row's ticks), null when the customer wrote last. */
    last_message_status: MessageStatus | null;
  }
> &
  Pick<Row<"contacts">, "phone_e164"> & { contact_name: string | null; channel_name: string | null; labels: ConversationLabel[] };

/** A label on a conversation, as its chip shows it. */
export type ConversationLabel = With<Pick<JsonRow<"labels">, "id" | "name" | "color">, { color: LabelColor }>;

export interface ConversationPage {
  items: ConversationListItem[];
  nextCursor: ConversationCursor | null;
}

/**
 * Timestamps leave the database as ISO text with their microseconds, and
 * cursors go back in as text: rounded to milliseconds (JavaScript's Date,
 * which postgres.js uses for timestamp parameters) they would skip rows.
 */
const exact = (tx: Tx, column: string) => tx`to_char(${tx(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const LIST_COLUMNS = (tx: Tx) => tx`
  c.id, c.contact_id, coalesce(k.name, k.profile_name, k.username) as contact_name, k.phone_e164, c.status,
  c.unread_count, c.is_read, ${exact(tx, "c.last_message_at")} as last_message_at, c.last_message_preview,
  c.last_message_direction, c.last_message_type, ${exact(tx, "c.last_customer_message_at")} as last_customer_message_at,
  coalesce(ch.name, ch.display_phone_number) as channel_name, c.assigned_to, c.ai_paused, c.needs_human,
  c.needs_human_reason, ${exact(tx, "c.snoozed_until")} as snoozed_until, ${conversationLabelsJson(tx)} as labels,
  ${lastOutboundStatus(tx)} as last_message_status`;

/**
 * The state of conversation `c`'s last message when it is ours: the message the
 * stats trigger took its preview from (newest sent_at, notes and reactions left
 * out), found through the thread's index.
 */
const lastOutboundStatus = (tx: Tx) => tx`case when c.last_message_direction = 'outbound' then (
  select m.status from public.messages m
  where m.conversation_id = c.id and m.workspace_id = c.workspace_id and m.type not in ('note', 'reaction')
  order by m.sent_at desc, m.created_at desc, m.id desc limit 1) end`;

/** Conversation `c`'s labels as a JSON array of { id, name, color }, by name (the list, the thread, the API). */
export const conversationLabelsJson = (tx: Tx) => tx`(
  select coalesce(json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) order by lower(l.name), l.id), '[]')
  from public.conversation_labels cl join public.labels l on l.workspace_id = cl.workspace_id and l.id = cl.label_id
  where cl.workspace_id = c.workspace_id and cl.conversation_id = c.id)`;

/**
 * Which conversations a search matches: contact name, phone number (as typed,
 * or canonicalised with the workspace's country, so "0813…" finds +62813…)
 * and message text. public.search_conversations checks membership once and
 * lets the trigram indexes work (under RLS, ILIKE would be checked after the
 * policy on every row); the ids are then ordered like the list.
 */
export function searchCondition(tx: Tx, workspaceId: string, search: string, country: CountryCode | undefined) {
  const patterns = searchPatterns(search, country);
  return tx`and c.id in (select conversation_id from public.search_conversations(${workspaceId}, ${patterns.text}, ${patterns.phone}))`;
}

/** Conversation `c` carries any of these labels. */
export const labelCondition = (tx: Tx, labelIds: string[]) => tx`exists (
  select 1 from public.conversation_labels cl
  where cl.workspace_id = c.workspace_id and cl.conversation_id = c.id and cl.label_id = any(${labelIds}::uuid[]))`;

/**
 * The filter (src/lib/conversation-filter.ts) as one SQL condition on
 * `c` (conversations) and `k` (their contacts): the list, a view's count and
 * "select all matching" ask the same thing. `userId` is who "me" is.
 */
export function filterCondition(tx: Tx, filter: ConversationFilter, userId: string) {
  const parts = [
    filter.status && tx`c.status = any(${filter.status})`,
    filter.assignee === "me" && tx`c.assigned_to = ${userId}`,
    filter.assignee === "none" && tx`c.assigned_to is null`,
    filter.assignee && filter.assignee !== "me" && filter.assignee !== "none" && tx`c.assigned_to = ${filter.assignee}`,
    filter.teamId && tx`c.team_id = ${filter.teamId}`,
    filter.labelIds && labelCondition(tx, filter.labelIds),
    filter.channelId && tx`c.channel_id = ${filter.channelId}`,
    filter.unread && tx`(c.unread_count > 0 or not c.is_read)`,
    filter.needsHuman && tx`c.needs_human`,
    filter.activeAfter && tx`c.last_message_at >= ${filter.activeAfter}::timestamptz`,
    filter.activeBefore && tx`c.last_message_at < ${filter.activeBefore}::timestamptz`,
    filter.inactiveDays && tx`c.last_message_at < now() - make_interval(days => ${filter.inactiveDays})`,
    filter.leadStage && tx`k.lead_status = ${filter.leadStage}`,
    filter.tag && tx`k.tags @> array[${filter.tag}]::text[]`,
    filter.field && tx`k.custom_attributes ->> ${filter.field.key} = ${filter.field.value}`,
  ].filter((part) => part !== undefined && part !== false);
  return parts.reduce((all, part) => tx`${all} and ${part}`, tx`true`);
}

/** One page of the inbox, newest activity first. */
export async function listConversations(
  tx: Tx,
  workspaceId: string,
  options: {
    userId: string;
    /** Without a status in it, every status (search finds resolved conversations there, marked). */
    filter: ConversationFilter;
    search?: string;
    country?: CountryCode;
    cursor?: ConversationCursor | null;
    limit: number;
  },
): Promise<ConversationPage> {
  const search = options.search?.trim();
  const rows = await tx<ConversationListItem[]>`
    select ${LIST_COLUMNS(tx)}
    from public.conversations c
    join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
    left join public.whatsapp_channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
    where c.workspace_id = ${workspaceId} and c.last_message_at is not null
      and ${filterCondition(tx, options.filter, options.userId)}
      ${search ? searchCondition(tx, workspaceId, search, options.country) : tx``}
      ${options.cursor ? tx`and (c.last_message_at, c.id) < (${options.cursor.lastMessageAt}::text::timestamptz, ${options.cursor.id}::uuid)` : tx``}
    order by c.last_message_at desc nulls last, c.id desc
    limit ${options.limit + 1}`;
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > options.limit && last ? { lastMessageAt: last.last_message_at, id: last.id } : null,
  };
}

/** Unlike the list, a conversation opened by its id may have no message yet. */
export type ConversationDetail = With<ConversationListItem, { last_message_at: string | null }> &
  Pick<Row<"conversations">, "channel_id" | "team_id" | "broadcast_id"> & {
    /** The broadcast that last wrote into this conversation (the header's marker). */
    broadcast_name: string | null;
    channel_provider: Row<"whatsapp_channels">["provider"];
    channel_phone: Row<"whatsapp_channels">["display_phone_number"];
    /** This thread's Kapso conversation in Kapso's inbox (numbers on Kapso). */
    kapso_conversation_url: string | null;
    contact: Pick<
      JsonRow<"contacts">,
      "id" | "name" | "profile_name" | "phone_e164" | "wa_id" | "lead_status" | "tags" | "notes" | "email" | "opted_out_at"
    >;
  };

/** A conversation with its contact, or "not found" (also for other tenants' ids: RLS hides them). */
export async function getConversation(tx: Tx, workspaceId: string, conversationId: string): Promise<ConversationDetail> {
  const [row] = await tx<ConversationDetail[]>`
    select ${LIST_COLUMNS(tx)}, c.channel_id, c.team_id, ch.provider as channel_provider, ch.display_phone_number as channel_phone,
           ${kapsoConversationUrl(tx, "c.provider_conversation_id")} as kapso_conversation_url, c.broadcast_id,
           (select b.name from public.broadcasts b where b.workspace_id = c.workspace_id and b.id = c.broadcast_id) as broadcast_name,
           json_build_object('id', k.id, 'name', k.name, 'profile_name', k.profile_name, 'phone_e164', k.phone_e164,
             'wa_id', k.wa_id, 'lead_status', k.lead_status, 'tags', k.tags, 'notes', k.notes, 'email', k.email,
             'opted_out_at', k.opted_out_at) as contact
    from public.conversations c
    join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
    left join public.whatsapp_channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
    where c.workspace_id = ${workspaceId} and c.id = ${conversationId}`;
  if (!row) throw new AppError("not_found", "This conversation does not exist or is not in this workspace.");
  return row;
}

export type MessageStatus = "pending" | "sent" | "delivered" | "read" | "failed";

type Direction = "inbound" | "outbound";

/**
 * A message of the thread, timestamps as text (see `exact`); `content` is the
 * message object as WhatsApp (or our send) described it: location, contacts, template…
 */
export type ThreadMessage = With<
  Pick<
    Row<"messages">,
    | "id"
    | "wamid"
    | "direction"
    | "type"
    | "body"
    | "status"
    | "sender_type"
    | "sender_user_id"
    | "error"
    | "media_status"
    | "media_mime_type"
    | "media_filename"
    | "content"
    | "is_forwarded"
    | "idempotency_key"
  >,
  {
    direction: Direction;
    status: MessageStatus;
    error: { code?: number; title?: string; message?: string; details?: string; error_data?: { details?: string } } | null;
    media_status: "pending" | "stored" | "failed" | null;
    content: Record<string, unknown>;
    sent_at: string;
    edited_at: string | null;
    revoked_at: string | null;
  }
> & {
  quoted: (Pick<JsonRow<"messages">, "id" | "body" | "type"> & { direction: Direction }) | null;
  reactions: { emoji: string; direction: Direction }[];
};

/** WhatsApp's clock has whole seconds: messages of one second keep the order we stored them in. */
export interface ThreadCursor {
  sentAt: string;
  createdAt: string;
  id: string;
}

export interface MessagePage {
  /** Oldest first, as the thread shows them. */
  messages: ThreadMessage[];
  /** Where to continue for older messages, or null at the start of the conversation. */
  olderCursor: ThreadCursor | null;
  /** The activity lines of the page's time span, oldest first (asked with `activity: true`). */
  activity: ActivityLine[];
}

/**
 * A page of a thread, newest `limit` before `before`. Reactions are folded
 * into the message they target (the latest per side wins; an empty emoji
 * removes it), and replies carry the quoted message. With `activity`, the
 * activity lines of the page's span come along, for the thread to place
 * between the messages by time.
 */
export async function listMessages(
  tx: Tx,
  workspaceId: string,
  conversationId: string,
  options: { before?: ThreadCursor | null; limit: number; activity?: boolean },
): Promise<MessagePage> {
  const rows = await tx<(Omit<ThreadMessage, "reactions"> & { created_at: string })[]>`
    select m.id, m.wamid, m.idempotency_key, m.direction, m.type, m.body, m.status, ${exact(tx, "m.sent_at")} as sent_at,
           ${exact(tx, "m.created_at")} as created_at, m.sender_type, m.sender_user_id, m.error, m.media_status,
           m.media_mime_type, m.media_filename, m.content, ${exact(tx, "m.edited_at")} as edited_at,
           ${exact(tx, "m.revoked_at")} as revoked_at, m.is_forwarded,
           case when q.id is null then null
                else json_build_object('id', q.id, 'body', q.body, 'type', q.type, 'direction', q.direction) end as quoted
    from public.messages m
    left join public.messages q on q.workspace_id = m.workspace_id and q.wamid = m.reply_to_wamid
    where m.workspace_id = ${workspaceId} and m.conversation_id = ${conversationId} and m.type <> 'reaction'
      ${
        options.before
          ? tx`and (m.sent_at, m.created_at, m.id) < (${options.before.sentAt}::text::timestamptz, ${options.before.createdAt}::text::timestamptz, ${options.before.id}::uuid)`
          : tx``
      }
    order by m.sent_at desc, m.created_at desc, m.id desc
    limit ${options.limit + 1}`;
  const page = rows.slice(0, options.limit).reverse();
  const wamids = page.flatMap((m) => (m.wamid ? [m.wamid] : []));
  const reactions = wamids.length
    ? await tx<{ target_wamid: string; emoji: string | null; direction: Direction }[]>`
        select distinct on (target_wamid, direction) target_wamid, body as emoji, direction
        from public.messages
        where workspace_id = ${workspaceId} and type = 'reaction' and target_wamid = any(${wamids})
        order by target_wamid, direction, sent_at desc, created_at desc, id desc`
    : [];
  const oldest = page[0];
  const hasOlder = rows.length > options.limit;
  const activity = options.activity
    ? await listActivity(tx, workspaceId, conversationId, {
        from: hasOlder && oldest ? oldest.sent_at : null,
        until: options.before?.sentAt ?? null,
      })
    : [];
  return {
    messages: page.map(({ created_at: _created, ...m }) => ({
      ...m,
      reactions: reactions.flatMap((r) => (r.target_wamid === m.wamid && r.emoji ? [{ emoji: r.emoji, direction: r.direction }] : [])),
    })),
    olderCursor: hasOlder && oldest ? { sentAt: oldest.sent_at, createdAt: oldest.created_at, id: oldest.id } : null,
    activity,
  };
}

export interface ApprovedTemplate {
  id: string;
  name: string;
  language: string;
  category: string | null;
  /** The body text with {{1}}… placeholders, for the picker's preview. */
  body: string;
  parameters: TemplateParameter[];
  /** Header, body, footer and buttons, for a preview as the customer will see it. */
  components: TemplateComponent[];
}

/** Templates Meta approved for the WhatsApp account of this conversation's number. */
export async function listApprovedTemplates(tx: Tx, workspaceId: string, channelId: string): Promise<ApprovedTemplate[]> {
  const rows = await tx<
    With<
      Pick<Row<"whatsapp_templates">, "id" | "name" | "language" | "category" | "components">,
      // Not null: the query keeps only templates with both.
      { name: string; language: string; components: TemplateComponent[] }
    >[]
  >`
    select t.id, t.name, t.language, t.category, t.components
    from public.whatsapp_templates t
    join public.whatsapp_channels ch on ch.workspace_id = t.workspace_id and ch.id = ${channelId}
    where t.workspace_id = ${workspaceId} and t.status = 'APPROVED' and t.name is not null and t.language is not null
      and (t.waba_id is null or ch.waba_id is null or t.waba_id = ch.waba_id)
    order by t.name, t.language`;
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    language: t.language,
    category: t.category,
    body: t.components.find((c) => c.type?.toLowerCase() === "body")?.text ?? "",
    parameters: templateParameters(t.components),
    components: t.components,
  }));
}
