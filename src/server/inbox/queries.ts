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
  /** The row's `last_message_seq`: ties in `last_message_at` (WhatsApp's whole seconds) break by arrival. */
  seq: string;
}

/**
 * A row of the list as public.conversation_list_item (migrations
 * 20261208020100, 20261208060000) builds it, and nothing the row does not
 * render: the list, the live push (SSE and Supabase broadcast) and the thread's header all
 * carry this one shape. Timestamps as text with microseconds (see `exact`);
 * `last_message_seq` (bigint as text) breaks ties in `last_message_at`.
 */
export type ConversationListItem = With<
  Pick<
    Row<"conversations">,
    | "id"
    | "status"
    | "unread_count"
    | "is_read"
    | "last_message_preview"
    | "last_message_direction"
    | "last_message_type"
    | "channel_id"
    | "assigned_to"
    | "team_id"
    | "needs_human"
    | "needs_human_reason"
    | "ai_paused"
  >,
  {
    status: ConversationStatus;
    last_message_direction: "inbound" | "outbound" | null;
    /** Never null in the list, which shows only conversations with a message. */
    last_message_at: string;
    last_message_seq: string;
    /** When the customer last wrote, only while the 24-hour window is open (the row's window mark). */
    last_customer_message_at?: string;
    /** When a snoozed conversation wakes up (null unless snoozed). */
    snoozed_until: string | null;
    /** The last message's delivery state when we sent it (the row's ticks), null when the customer wrote last. */
    last_message_status: MessageStatus | null;
  }
> & {
  contact_name: string | null;
  /** Only when the contact has no name: the number is the row's title then. */
  phone_e164?: string | null;
  labels: ConversationLabel[];
};

/**
 * Conversation `c`'s list item as `i.item`. The function is inlined into the
 * statement (a set-returning SQL function, joined laterally): its contact
 * and labels are read with the statement's RLS, checked once, not by a
 * statement of their own per row.
 */
const listItemOf = (tx: Tx) => tx`cross join lateral public.conversation_list_item(c) as i(item)`;

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

/** Conversation `c`'s labels as a JSON array of { id, name, color }, by name (the thread, the API). */
export const conversationLabelsJson = (tx: Tx) => tx`(
  select coalesce(json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) order by lower(l.name), l.id), '[]')
  from public.conversation_labels cl join public.labels l on l.workspace_id = cl.workspace_id and l.id = cl.label_id
  where cl.workspace_id = c.workspace_id and cl.conversation_id = c.id)`;

/**
 * Which conversations a search matches: contact name, phone number (as typed,
 * or canonicalised with the workspace's country, so "0813…" finds +62813…)
 * and message text. public.search_conversations checks membership and
 * visibility once and lets the trigram indexes work (under RLS, ILIKE would
 * be checked after the policy on every row). Every match: bulk actions on
 * "all matching" take this one.
 */
export function searchCondition(tx: Tx, workspaceId: string, search: string, country: CountryCode | undefined) {
  const patterns = searchPatterns(search, country);
  return tx`and c.id in (select conversation_id from public.search_conversations(${workspaceId}, ${patterns.text}, ${patterns.phone}))`;
}

/**
 * A list page's search matches: the `max` most recent after the cursor (in
 * the list's order), or every one with `max` null. A name shared by
 * thousands of contacts then costs a page, not thousands of rows.
 */
async function rankedMatches(
  tx: Tx,
  workspaceId: string,
  patterns: { text: string; phone: string },
  cursor: ConversationCursor | null | undefined,
  max: number | null,
) {
  const rows = await tx<{ conversation_id: string }[]>`
    select conversation_id from public.search_conversations(${workspaceId}, ${patterns.text}, ${patterns.phone}, ${max}::int,
      ${cursor?.lastMessageAt ?? null}::text::timestamptz, ${cursor?.seq ?? null}::bigint)`;
  return rows.map((row) => row.conversation_id);
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
    // One status as `=`: the list's index (workspace, status, last_message_at) then gives the order, and a page reads
    // 31 rows; with `= any($1)` the planner cannot know the array has one value and sorts every open conversation
    // (4 s at 100,000 in bench:inbox).
    filter.status && (filter.status.length === 1 ? tx`c.status = ${filter.status[0] ?? ""}` : tx`c.status = any(${filter.status})`),
    filter.assignee === "me" && tx`c.assigned_to = ${userId}`,
    filter.assignee === "none" && tx`c.assigned_to is null`,
    filter.assignee && filter.assignee !== "me" && filter.assignee !== "none" && tx`c.assigned_to = ${filter.assignee}`,
    filter.teamId === "none" && tx`c.team_id is null`,
    filter.teamId && filter.teamId !== "none" && tx`c.team_id = ${filter.teamId}`,
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

/** How many pages' worth of search matches a list page ranks before filtering. */
const SEARCH_RANK_PAGES = 4;

type ListOptions = {
  userId: string;
  /** Without a status in it, every status (search finds resolved conversations there, marked). */
  filter: ConversationFilter;
  search?: string;
  country?: CountryCode;
  cursor?: ConversationCursor | null;
  limit: number;
};

/** The statement of one list page (`matches`: only these conversations), not yet run: its plan is tested as it is. */
export function listPageStatement(tx: Tx, workspaceId: string, options: ListOptions, matches: string[] | null) {
  return tx<{ item: ConversationListItem }[]>`
    select i.item
    from public.conversations c
    join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
    ${listItemOf(tx)}
    where c.workspace_id = ${workspaceId} and c.last_message_at is not null
      and ${filterCondition(tx, options.filter, options.userId)}
      ${matches ? tx`and c.id = any(${matches}::uuid[])` : tx``}
      ${options.cursor ? tx`and (c.last_message_at, c.last_message_seq) < (${options.cursor.lastMessageAt}::text::timestamptz, ${options.cursor.seq}::bigint)` : tx``}
    order by c.last_message_at desc nulls last, c.last_message_seq desc
    limit ${options.limit + 1}`;
}

/** One page of the inbox, newest activity first (ties: the later arrival first). */
export async function listConversations(tx: Tx, workspaceId: string, options: ListOptions): Promise<ConversationPage> {
  const search = options.search?.trim();
  const page = (matches: string[] | null) => listPageStatement(tx, workspaceId, options, matches);
  let rows: { item: ConversationListItem }[];
  if (search) {
    // The filter drops some matches, so a few pages' worth are ranked; the most recent matches are a prefix
    // of all of them in the list's order, so a full page from them is the page. Short of one while more
    // matches remain, the page is taken from every match.
    const patterns = searchPatterns(search, options.country);
    const max = (options.limit + 1) * SEARCH_RANK_PAGES;
    const ranked = await rankedMatches(tx, workspaceId, patterns, options.cursor, max);
    rows = await page(ranked);
    if (rows.length <= options.limit && ranked.length === max) {
      rows = await page(await rankedMatches(tx, workspaceId, patterns, options.cursor, null));
    }
  } else {
    rows = await page(null);
  }
  const items = rows.slice(0, options.limit).map((r) => r.item);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > options.limit && last ? { lastMessageAt: last.last_message_at, seq: last.last_message_seq } : null,
  };
}

/**
 * The list items of these conversations (the live push reads each changed
 * conversation once, as the service role: the caller filters by who may see
 * it). Conversations without a message yet are left out, as from the list.
 */
export function readListItems(tx: Tx, workspaceId: string, conversationIds: string[]): Promise<{ item: ConversationListItem }[]> {
  return tx<{ item: ConversationListItem }[]>`
    select i.item from public.conversations c ${listItemOf(tx)}
    where c.workspace_id = ${workspaceId} and c.id = any(${conversationIds}::uuid[]) and c.last_message_at is not null`;
}

/**
 * Unlike the list, a conversation opened by its id may have no message yet;
 * the header also shows what the list item leaves out (the number, the
 * channel's name, the customer's last message time once the window closed).
 */
export type ConversationDetail = With<ConversationListItem, { last_message_at: string | null }> &
  Pick<Row<"conversations">, "contact_id" | "broadcast_id" | "ai_paused" | "needs_human_reason"> &
  Pick<Row<"contacts">, "phone_e164"> & {
    channel_name: string | null;
    last_customer_message_at: string | null;
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

/** The header's fields beyond the list item (`c` a conversation, `k` its contact, `ch` its number). */
const DETAIL_COLUMNS = (tx: Tx) => tx`
  c.contact_id, c.ai_paused, c.needs_human_reason, ch.provider as channel_provider, ch.display_phone_number as channel_phone,
  k.phone_e164, coalesce(ch.name, ch.display_phone_number) as channel_name,
  ${exact(tx, "c.last_customer_message_at")} as last_customer_message_at,
  ${kapsoConversationUrl(tx, "c.provider_conversation_id")} as kapso_conversation_url, c.broadcast_id,
  (select b.name from public.broadcasts b where b.workspace_id = c.workspace_id and b.id = c.broadcast_id) as broadcast_name,
  json_build_object('id', k.id, 'name', k.name, 'profile_name', k.profile_name, 'phone_e164', k.phone_e164,
    'wa_id', k.wa_id, 'lead_status', k.lead_status, 'tags', k.tags, 'notes', k.notes, 'email', k.email,
    'opted_out_at', k.opted_out_at) as contact`;

/** A conversation with its contact, or "not found" (also for other tenants' ids: RLS hides them). */
export async function getConversation(tx: Tx, workspaceId: string, conversationId: string): Promise<ConversationDetail> {
  // The detail's columns (those the item may leave out among them) override the item's.
  type Columns = Omit<ConversationDetail, Exclude<keyof ConversationListItem, "phone_e164" | "last_customer_message_at">>;
  const [row] = await tx<(Columns & { item: ConversationListItem })[]>`
    select i.item, ${DETAIL_COLUMNS(tx)}
    from public.conversations c
    join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
    ${listItemOf(tx)}
    left join public.whatsapp_channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
    where c.workspace_id = ${workspaceId} and c.id = ${conversationId}`;
  if (!row) throw new AppError("not_found", "errors.inbox.conversationNotFound");
  const { item, ...detail } = row;
  return { ...item, ...detail };
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

/** How many messages a page of a thread holds (the opened conversation shows the newest page). */
export const THREAD_PAGE_SIZE = 50;

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
  const rows = await tx<MessageRow[]>`
    select ${MESSAGE_COLUMNS(tx)}
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
  const oldest = page[0];
  const hasOlder = rows.length > options.limit;
  const activity = options.activity
    ? await listActivity(tx, workspaceId, conversationId, {
        from: hasOlder && oldest ? oldest.sent_at : null,
        until: options.before?.sentAt ?? null,
      })
    : [];
  return {
    messages: await withReactions(tx, workspaceId, page),
    olderCursor: hasOlder && oldest ? { sentAt: oldest.sent_at, createdAt: oldest.created_at, id: oldest.id } : null,
    activity,
  };
}

type MessageRow = Omit<ThreadMessage, "reactions"> & { created_at: string };

/** A thread message's columns (`m`, with `q` the message it quotes). */
const MESSAGE_COLUMNS = (tx: Tx) => tx`
  m.id, m.wamid, m.idempotency_key, m.direction, m.type, m.body, m.status, ${exact(tx, "m.sent_at")} as sent_at,
  ${exact(tx, "m.created_at")} as created_at, m.sender_type, m.sender_user_id, m.error, m.media_status,
  m.media_mime_type, m.media_filename, m.content, ${exact(tx, "m.edited_at")} as edited_at,
  ${exact(tx, "m.revoked_at")} as revoked_at, m.is_forwarded,
  case when q.id is null then null
       else json_build_object('id', q.id, 'body', q.body, 'type', q.type, 'direction', q.direction) end as quoted`;

/** Reactions folded into the messages they target: the latest per side wins; an empty emoji removes it. */
async function withReactions(tx: Tx, workspaceId: string, rows: MessageRow[]): Promise<ThreadMessage[]> {
  const wamids = rows.flatMap((m) => (m.wamid ? [m.wamid] : []));
  const reactions = wamids.length
    ? await tx<{ target_wamid: string; emoji: string | null; direction: Direction }[]>`
        select distinct on (target_wamid, direction) target_wamid, body as emoji, direction
        from public.messages
        where workspace_id = ${workspaceId} and type = 'reaction' and target_wamid = any(${wamids})
        order by target_wamid, direction, sent_at desc, created_at desc, id desc`
    : [];
  return rows.map(({ created_at: _created, ...m }) => ({
    ...m,
    reactions: reactions.flatMap((r) => (r.target_wamid === m.wamid && r.emoji ? [{ emoji: r.emoji, direction: r.direction }] : [])),
  }));
}

/**
 * Thread messages by id, as the thread shows them, with their conversation
 * (the live push reads each changed message once, as the service role; the
 * caller filters by who may see it). A reaction's id yields the message it
 * reacts to, with its reactions as they now stand.
 */
export async function readThreadMessages(
  tx: Tx,
  workspaceId: string,
  messageIds: string[],
): Promise<{ conversationId: string; message: ThreadMessage }[]> {
  const rows = await tx<(MessageRow & { conversation_id: string })[]>`
    select m.conversation_id, ${MESSAGE_COLUMNS(tx)}
    from public.messages m
    left join public.messages q on q.workspace_id = m.workspace_id and q.wamid = m.reply_to_wamid
    where m.workspace_id = ${workspaceId} and m.type <> 'reaction'
      -- The ids, and the messages the reactions among them point at; one set, so each is an index probe
      -- (an OR of the two made Postgres scan and hash every message of the workspace).
      and m.id in (select unnest(${messageIds}::uuid[])
                   union all
                   select t.id from public.messages r
                   join public.messages t on t.workspace_id = r.workspace_id and t.wamid = r.target_wamid
                   where r.workspace_id = ${workspaceId} and r.id = any(${messageIds}::uuid[]) and r.type = 'reaction')
    order by m.created_at, m.id`;
  const messages = await withReactions(
    tx,
    workspaceId,
    rows.map(({ conversation_id: _c, ...m }) => m),
  );
  return messages.map((message, i) => ({ conversationId: rows[i]?.conversation_id ?? "", message }));
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
