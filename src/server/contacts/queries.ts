import "server-only";
import type { ContactField, CustomAttributeValue } from "@/lib/contact-fields";
import type { ContactListParams, ContactSortKey } from "@/lib/contact-filters";
import type { ActivityKind, ActivityLine } from "@/lib/conversation-activity";
import type { ConversationStatus } from "@/lib/conversation-status";
import type { LeadStage } from "@/lib/lead-status";
import type { CountryCode } from "@/lib/phone";
import type { Tx } from "@/server/db/client";
import type { JsonRow, Row, With } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { searchPatterns } from "@/server/search-patterns";
import { kapsoConversationUrl } from "@/server/whatsapp/kapso-links";

export { CONTACT_SORT_KEYS as CONTACT_SORTS } from "@/lib/contact-filters";
export type ContactSort = ContactSortKey;
export type SortDirection = "asc" | "desc";

export type ContactFilters = Omit<ContactListParams, "sort" | "direction">;

/** The last row seen: its sort value (as text, timestamps with microseconds) and id. */
export interface ContactCursor {
  value: string;
  id: string;
}

/** Timestamps come as text (see `exact`). */
export type ContactListItem = Pick<
  Row<"contacts">,
  "id" | "name" | "phone_e164" | "email" | "lead_status" | "lead_score" | "tags" | "source" | "owner_id"
> & {
  last_activity_at: string;
  created_at: string;
  /** The contact's most recent conversation, for the link to the inbox. */
  conversation_id: string | null;
  sort_value: string;
};

export interface ContactPage {
  items: ContactListItem[];
  nextCursor: ContactCursor | null;
}

/** Microseconds survive the round trip as text (a JavaScript Date would round to ms and skip rows). */
const exact = (tx: Tx, column: string) => tx`to_char(${tx(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Per sort: the ordered expression, its value as text for the cursor, and the cursor's value cast back. */
function sortParts(tx: Tx, sort: ContactSort) {
  switch (sort) {
    case "last_activity":
      return { expr: tx`k.last_activity_at`, text: exact(tx, "k.last_activity_at"), cast: (v: string) => tx`${v}::text::timestamptz` };
    case "created":
      return { expr: tx`k.created_at`, text: exact(tx, "k.created_at"), cast: (v: string) => tx`${v}::text::timestamptz` };
    case "score":
      return { expr: tx`k.lead_score`, text: tx`k.lead_score::text`, cast: (v: string) => tx`${v}::text::int` };
    case "name": {
      const expr = tx`lower(coalesce(k.name, k.profile_name, k.username, ''))`;
      return { expr, text: expr, cast: (v: string) => tx`${v}::text` };
    }
  }
}

const CONTACT_COLUMNS = (tx: Tx) => tx`
  k.id, coalesce(k.name, k.profile_name, k.username) as name, k.phone_e164, k.email, k.lead_status, k.lead_score,
  k.tags, k.source, k.owner_id, ${exact(tx, "k.last_activity_at")} as last_activity_at,
  ${exact(tx, "k.created_at")} as created_at, lc.id as conversation_id`;

/** The contact's latest conversation (also what "no reply" looks at). */
const LATEST_CONVERSATION = (tx: Tx) => tx`
  left join lateral (
    select c.id, c.last_message_at, c.last_message_direction from public.conversations c
    where c.workspace_id = k.workspace_id and c.contact_id = k.id
    order by c.last_message_at desc nulls last, c.id desc limit 1
  ) lc on true`;

function filterConditions(tx: Tx, workspaceId: string, filters: ContactFilters, country: CountryCode | undefined, now: Date) {
  const search = filters.search?.trim();
  const patterns = search ? searchPatterns(search, country) : null;
  const cutoff = filters.noReplyDays ? new Date(now.getTime() - filters.noReplyDays * 24 * 3600 * 1000) : null;
  return tx`
    ${patterns ? tx`and k.id in (select contact_id from public.search_contacts(${workspaceId}, ${patterns.text}, ${patterns.phone}))` : tx``}
    ${filters.statuses?.length ? tx`and k.lead_status = any(${tx.array(filters.statuses)}::text[])` : tx``}
    ${filters.tag ? tx`and k.tags @> array[${filters.tag}::text]` : tx``}
    ${filters.owner === "none" ? tx`and k.owner_id is null` : filters.owner ? tx`and k.owner_id = ${filters.owner}::uuid` : tx``}
    ${filters.activeFrom ? tx`and k.last_activity_at >= ${filters.activeFrom}::date` : tx``}
    ${filters.activeTo ? tx`and k.last_activity_at < ${filters.activeTo}::date + 1` : tx``}
    ${cutoff ? tx`and lc.last_message_direction = 'outbound' and lc.last_message_at < ${cutoff}` : tx``}`;
}

type ListOptions = ContactFilters & { sort?: ContactSort; direction?: SortDirection; country?: CountryCode; now?: Date };

const orderBy = (tx: Tx, sort: ReturnType<typeof sortParts>, desc: boolean) =>
  desc ? tx`order by ${sort.expr} desc, k.id desc` : tx`order by ${sort.expr} asc, k.id asc`;

/** One page of the contact list: filtered, sorted on the server, keyset-paginated. */
export async function listContacts(
  tx: Tx,
  workspaceId: string,
  options: ListOptions & { cursor?: ContactCursor | null; limit: number },
): Promise<ContactPage> {
  const sort = sortParts(tx, options.sort ?? "last_activity");
  const desc = (options.direction ?? "desc") === "desc";
  const after = options.cursor
    ? desc
      ? tx`and (${sort.expr}, k.id) < (${sort.cast(options.cursor.value)}, ${options.cursor.id}::uuid)`
      : tx`and (${sort.expr}, k.id) > (${sort.cast(options.cursor.value)}, ${options.cursor.id}::uuid)`
    : tx``;
  const rows = await tx<ContactListItem[]>`
    select ${CONTACT_COLUMNS(tx)}, ${sort.text} as sort_value
    from public.contacts k
    ${LATEST_CONVERSATION(tx)}
    where k.workspace_id = ${workspaceId}
      ${filterConditions(tx, workspaceId, options, options.country, options.now ?? new Date())}
      ${after}
    ${orderBy(tx, sort, desc)}
    limit ${options.limit + 1}`;
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > options.limit && last ? { value: last.sort_value, id: last.id } : null };
}

export type ContactExportRow = Omit<ContactListItem, "sort_value"> & { custom_attributes: Record<string, CustomAttributeValue> };

/**
 * Every contact of the list with these filters, in its order, read through
 * a cursor `batchSize` rows at a time (the CSV export: memory stays bounded
 * however many contacts match).
 */
export function contactExportCursor(tx: Tx, workspaceId: string, options: ListOptions, batchSize: number) {
  const sort = sortParts(tx, options.sort ?? "last_activity");
  return tx<ContactExportRow[]>`
    select ${CONTACT_COLUMNS(tx)}, k.custom_attributes
    from public.contacts k
    ${LATEST_CONVERSATION(tx)}
    where k.workspace_id = ${workspaceId}
      ${filterConditions(tx, workspaceId, options, options.country, options.now ?? new Date())}
    ${orderBy(tx, sort, (options.direction ?? "desc") === "desc")}`.cursor(batchSize);
}

/** Built with json_build_object, so timestamps are ISO strings. */
export type ContactConversation = With<
  Pick<JsonRow<"conversations">, "id" | "unread_count" | "last_message_at" | "last_message_preview" | "assigned_to">,
  { status: ConversationStatus }
> & { channel_name: string | null };

/** Timestamps come as text (see `exact`). */
export type ContactDetail = With<
  Pick<
    Row<"contacts">,
    | "id"
    | "name"
    | "profile_name"
    | "username"
    | "phone_e164"
    | "wa_id"
    | "email"
    | "lead_status"
    | "lead_score"
    | "tags"
    | "source"
    | "owner_id"
    | "notes"
    | "custom_attributes"
  >,
  { custom_attributes: Record<string, CustomAttributeValue>; first_seen_at: string; last_activity_at: string; created_at: string }
> & {
  conversations: ContactConversation[];
  /** The first Kapso conversation the contact was seen in, in Kapso's inbox. */
  kapso_conversation_url: string | null;
};

/** A contact with its conversations, or "not found" (also for other tenants' ids: RLS hides them). */
export async function getContact(tx: Tx, workspaceId: string, contactId: string): Promise<ContactDetail> {
  const [row] = await tx<ContactDetail[]>`
    select k.id, k.name, k.profile_name, k.username, k.phone_e164, k.wa_id, k.email, k.lead_status, k.lead_score, k.tags,
           k.source, k.owner_id, k.notes, k.custom_attributes, ${exact(tx, "k.first_seen_at")} as first_seen_at,
           ${exact(tx, "k.last_activity_at")} as last_activity_at, ${exact(tx, "k.created_at")} as created_at,
           ${kapsoConversationUrl(tx, "k.provider_conversation_id")} as kapso_conversation_url,
           coalesce((
             select json_agg(json_build_object(
               'id', c.id, 'channel_name', coalesce(ch.name, ch.display_phone_number), 'status', c.status,
               'unread_count', c.unread_count, 'last_message_at', c.last_message_at,
               'last_message_preview', c.last_message_preview, 'assigned_to', c.assigned_to)
               order by c.last_message_at desc nulls last, c.id desc)
             from public.conversations c
             left join public.whatsapp_channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
             where c.workspace_id = k.workspace_id and c.contact_id = k.id
           ), '[]'::json) as conversations
    from public.contacts k
    where k.workspace_id = ${workspaceId} and k.id = ${contactId}`;
  if (!row) throw new AppError("not_found", "errors.contacts.notFound");
  return row;
}

export type TimelineItem =
  | {
      id: string;
      kind: "message";
      at: string;
      actor_id: string | null;
      data: { type: string; preview: string; direction: "inbound" | "outbound"; conversation_id: string; sender_type: string };
    }
  | {
      id: string;
      /** A line of conversation_activity of one of the contact's conversations (assignments are conversation_assigned). */
      kind: "conversation_activity";
      at: string;
      actor_id: string | null;
      data: ActivityLine["data"] & { activity: ActivityKind; conversation_id: string };
    }
  | {
      id: string;
      kind: "created" | "status_changed" | "owner_changed" | "conversation_assigned" | "note" | "merged" | "opted_out" | "opted_in";
      at: string;
      actor_id: string | null;
      data: Record<string, string | null>;
    };

export interface TimelineCursor {
  at: string;
  id: string;
}

/**
 * What happened to a contact, newest first: its messages in every
 * conversation (notes included, reactions not), its events (status,
 * owner and assignment changes, notes, merges) and its conversations'
 * activity (statuses, snoozes, labels, teams), keyset-paginated.
 */
export async function listTimeline(
  tx: Tx,
  workspaceId: string,
  contactId: string,
  options: { before?: TimelineCursor | null; limit: number },
): Promise<{ items: TimelineItem[]; nextCursor: TimelineCursor | null }> {
  const before = options.before;
  const rows = await tx<TimelineItem[]>`
    select t.id, t.kind, t.actor_id, t.data, ${exact(tx, "t.at")} as at
    from (
      select 'e' || lpad(e.id::text, 20, '0') as id, e.kind, e.actor_id, e.data, e.created_at as at
      from public.contact_events e
      where e.workspace_id = ${workspaceId} and e.contact_id = ${contactId}
      union all
      select 'm' || m.id::text, 'message', m.sender_user_id,
             jsonb_build_object('type', m.type, 'preview', private.message_preview(m.type, m.body), 'direction', m.direction,
                                'conversation_id', m.conversation_id, 'sender_type', m.sender_type),
             m.sent_at
      from public.messages m
      join public.conversations c on c.workspace_id = m.workspace_id and c.id = m.conversation_id
      where c.workspace_id = ${workspaceId} and c.contact_id = ${contactId} and m.type <> 'reaction'
      union all
      select 'a' || a.id::text, 'conversation_activity', a.actor_id,
             a.data || jsonb_build_object('activity', a.kind, 'conversation_id', a.conversation_id), a.created_at
      from public.conversation_activity a
      join public.conversations c on c.workspace_id = a.workspace_id and c.id = a.conversation_id
      -- Assignments are already the contact's own conversation_assigned events.
      where c.workspace_id = ${workspaceId} and c.contact_id = ${contactId} and a.kind not in ('assigned', 'unassigned')
    ) t
    ${before ? tx`where (t.at, t.id) < (${before.at}::text::timestamptz, ${before.id})` : tx``}
    order by t.at desc, t.id desc
    limit ${options.limit + 1}`;
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > options.limit && last ? { at: last.at, id: last.id } : null };
}

export function listStages(tx: Tx, workspaceId: string) {
  return tx<LeadStage[]>`
    select key, label, tone, position from public.lead_stages
    where workspace_id = ${workspaceId} order by position, key`;
}

export function listFields(tx: Tx, workspaceId: string) {
  return tx<ContactField[]>`
    select key, label, type, position from public.contact_fields
    where workspace_id = ${workspaceId} order by position, key`;
}

/** Tags in use in the workspace, for the filter. */
export async function listTags(tx: Tx, workspaceId: string): Promise<string[]> {
  const rows = await tx<{ tag: string }[]>`
    select distinct unnest(tags) as tag from public.contacts where workspace_id = ${workspaceId} order by 1 limit 200`;
  return rows.map((r) => r.tag);
}

/** Built with json_agg, so timestamps are ISO strings. */
export type PipelineCard = Pick<
  JsonRow<"contacts">,
  "id" | "name" | "phone_e164" | "lead_score" | "tags" | "owner_id" | "last_activity_at"
> & {
  conversation_id: string | null;
};

export interface PipelineColumn extends LeadStage {
  total: number;
  cards: PipelineCard[];
}

/** The board: every stage with its contact count and its most recently active contacts. */
export function getPipeline(tx: Tx, workspaceId: string, options: { perStage: number; owner?: string }) {
  const owner = options.owner === "none" ? tx`and k.owner_id is null` : options.owner ? tx`and k.owner_id = ${options.owner}::uuid` : tx``;
  return tx<PipelineColumn[]>`
    select s.key, s.label, s.tone, s.position,
           (select count(*)::int from public.contacts k where k.workspace_id = s.workspace_id and k.lead_status = s.key ${owner}) as total,
           coalesce((
             select json_agg(card order by card.last_activity_at desc, card.id desc) from (
               select k.id, coalesce(k.name, k.profile_name, k.username) as name, k.phone_e164, k.lead_score, k.tags,
                      k.owner_id, k.last_activity_at, lc.id as conversation_id
               from public.contacts k
               ${LATEST_CONVERSATION(tx)}
               where k.workspace_id = s.workspace_id and k.lead_status = s.key ${owner}
               order by k.last_activity_at desc, k.id desc
               limit ${options.perStage}
             ) card
           ), '[]'::json) as cards
    from public.lead_stages s
    where s.workspace_id = ${workspaceId}
    order by s.position, s.key`;
}
