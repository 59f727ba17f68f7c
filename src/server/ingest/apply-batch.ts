import "server-only";
import { canonicalizeWaId } from "@/lib/phone";
import { recordOptOuts } from "@/server/contacts/opt-out";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { processCache } from "@/server/process-state";
import type { MessageEvent, StatusEvent, WebhookEvent } from "@/server/whatsapp/events";
import {
  type ApplySummary,
  addSummary,
  applyEvents,
  emptySummary,
  isLiveCustomerMessage,
  mergeContactByPhone,
  messageRow,
  type RoutedChannel,
} from "./apply-events";

/** One stored webhook's events for the channel it was routed to. */
export interface BatchItem {
  channel: RoutedChannel;
  events: WebhookEvent[];
}

interface PendingMessage {
  item: number;
  channel: RoutedChannel;
  event: MessageEvent;
  phone: string;
}

interface PendingStatus {
  item: number;
  channel: RoutedChannel;
  event: StatusEvent;
}

/**
 * Writes the events of many stored webhooks (in the order given) inside the
 * caller's transaction, with a handful of multi-row statements instead of
 * several statements per event, and returns one summary per webhook, the
 * same summary applyEvents would have produced for it alone.
 *
 * The rules are applyEvents' rules, restated for sets:
 * - messages from customers known by their phone (the usual case) and
 *   statuses are gathered; everything else (edits, revokes, number changes,
 *   templates, customers known only by a business-scoped id…) is a barrier:
 *   what was gathered before it is written first, then it is applied by
 *   applyEvents, so every event still sees what came before it;
 * - a contact is upserted once per batch on its canonical phone, with what
 *   the messages would have left in turn (first wa_id, last profile name,
 *   earliest first-seen, latest activity); rows are written sorted, so two
 *   batches lock the same contacts in the same order;
 * - a wamid is inserted once (ON CONFLICT DO NOTHING): the first webhook
 *   carrying it counts the message, every other one a duplicate;
 * - a status is recorded once per (wamid, status) and then moved forward by
 *   private.apply_status in arrival order; one whose message is not there
 *   yet stays recorded for the message's trigger, as before.
 */
export async function applyBatch(tx: Tx, items: BatchItem[]): Promise<ApplySummary[]> {
  const summaries = items.map(() => emptySummary());
  let messages: PendingMessage[] = [];
  let statuses: PendingStatus[] = [];
  const flush = async () => {
    if (messages.length > 0) await applyMessages(tx, messages, summaries);
    if (statuses.length > 0) await applyStatuses(tx, statuses, summaries);
    messages = [];
    statuses = [];
  };

  for (const [item, { channel, events }] of items.entries()) {
    const summary = summaries[item] as ApplySummary;
    for (const event of events) {
      if (event.kind === "message" && !event.customer.businessUserId) {
        if (!event.customer.waId) {
          summary.skipped.push(`message ${event.wamid}: no customer identity`);
          continue;
        }
        const phone = canonicalPhone(event.customer.waId);
        if (phone) {
          messages.push({ item, channel, event, phone });
          continue;
        }
      } else if (event.kind === "status") {
        statuses.push({ item, channel, event });
        continue;
      } else if (event.kind === "error") {
        summary.errors.push(...event.errors);
        continue;
      }
      await flush();
      addSummary(summary, await applyEvents(tx, channel, [event]));
    }
  }
  await flush();
  return summaries;
}

/** canonicalizeWaId, remembered: a batch sees the same few thousand numbers over and over. */
const phones = processCache<string, string | null>("canonicalPhones");
function canonicalPhone(waId: string): string | null {
  let phone = phones.get(waId);
  if (phone === undefined) {
    phone = canonicalizeWaId(waId);
    phones.set(waId, phone);
  }
  return phone;
}

const byKey =
  <T>(key: (row: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

type Ids = Map<string, string>;
const contactKey = (workspaceId: string, phone: string) => `${workspaceId}|${phone}`;
const conversationKey = (channelId: string, contactId: string) => `${channelId}|${contactId}`;
const lookUp = (ids: Ids, key: string, what: string) => {
  const id = ids.get(key);
  if (!id) throw new Error(`${what} upsert returned no row for ${key}`);
  return id;
};

/** Messages from customers known by their phone, in six steps: gather, contacts, conversations, messages, opt-outs, tally. */
async function applyMessages(tx: Tx, pending: PendingMessage[], summaries: ApplySummary[]) {
  const contactIds = await upsertContacts(tx, gatherContacts(pending, new Date()));
  const contactOf = (m: PendingMessage) => lookUp(contactIds, contactKey(m.channel.workspaceId, m.phone), "contact");
  const conversationIds = await upsertConversations(tx, pending, contactOf);
  const conversationOf = (m: PendingMessage) => lookUp(conversationIds, conversationKey(m.channel.id, contactOf(m)), "conversation");
  const { firstOfWamid, insertedIds } = await insertMessages(tx, pending, conversationOf);
  const stored = pending.filter((m) => firstOfWamid.has(m) && insertedIds.has(`${m.channel.workspaceId}|${m.event.wamid}`));
  await recordOptOuts(
    tx,
    stored.map((m) => ({ ...m.event, workspaceId: m.channel.workspaceId, contactId: contactOf(m) })),
  );
  tally(pending, { firstOfWamid, insertedIds, conversationOf }, summaries);
}

/** A contact as the batch writes it: the phone is known (events without one go through apply-events.ts). */
type ContactRow = With<
  Pick<Row<"contacts">, "workspace_id" | "phone_e164" | "wa_id" | "username" | "profile_name" | "first_seen_at" | "last_activity_at">,
  { phone_e164: string }
>;

/**
 * Gather: one contact row per (workspace, canonical phone), as the messages
 * would have left it one by one, sorted so that concurrent batches lock the
 * same contacts in the same order.
 */
function gatherContacts(pending: PendingMessage[], now: Date): ContactRow[] {
  const contacts = new Map<string, ContactRow>();
  for (const m of pending) {
    const { customer } = m.event;
    const at = (m.event.isHistorical ? null : m.event.timestamp) ?? now;
    const key = contactKey(m.channel.workspaceId, m.phone);
    const row = contacts.get(key);
    if (!row) {
      contacts.set(key, {
        workspace_id: m.channel.workspaceId,
        phone_e164: m.phone,
        wa_id: customer.waId,
        username: customer.username,
        profile_name: customer.profileName,
        first_seen_at: at,
        last_activity_at: at,
      });
      continue;
    }
    row.wa_id ??= customer.waId;
    row.username = customer.username ?? row.username;
    row.profile_name = customer.profileName ?? row.profile_name;
    if (at < row.first_seen_at) row.first_seen_at = at;
    if (at > row.last_activity_at) row.last_activity_at = at;
  }
  return [...contacts.values()].sort(byKey((c) => contactKey(c.workspace_id, c.phone_e164)));
}

/** Contacts: upserted on their canonical phone; their ids by contactKey. */
async function upsertContacts(tx: Tx, contactRows: ContactRow[]): Promise<Ids> {
  const contactIds: Ids = new Map();
  for (const row of await tx<With<Pick<Row<"contacts">, "id" | "workspace_id" | "phone_e164">, { phone_e164: string }>[]>`
    insert into public.contacts (workspace_id, phone_e164, wa_id, username, profile_name, source, first_seen_at, last_activity_at)
    select workspace_id, phone_e164, wa_id, username, profile_name, 'whatsapp', first_seen_at, last_activity_at
    from json_to_recordset(${JSON.stringify(contactRows)}::text::json)
      as t(workspace_id uuid, phone_e164 text, wa_id text, username text, profile_name text, first_seen_at timestamptz,
           last_activity_at timestamptz)
    ${mergeContactByPhone(tx)}
    returning id, workspace_id, phone_e164`) {
    contactIds.set(contactKey(row.workspace_id, row.phone_e164), row.id);
  }
  return contactIds;
}

/**
 * Conversations: found, or created for the first message of a (channel,
 * contact); then the provider's conversation ids (Kapso): the latest one
 * given on the conversation, the first one ever on the contact, as one
 * message at a time would. Ids by conversationKey.
 */
async function upsertConversations(tx: Tx, pending: PendingMessage[], contactOf: (m: PendingMessage) => string): Promise<Ids> {
  const conversations = new Map<
    string,
    { workspace_id: string; channel_id: string; contact_id: string; provider_conversation_id: string | null }
  >();
  const contactConversationIds = new Map<string, string>();
  for (const m of pending) {
    const contactId = contactOf(m);
    const key = conversationKey(m.channel.id, contactId);
    const providerConversationId = m.event.providerConversationId;
    const row = conversations.get(key);
    if (!row) {
      conversations.set(key, {
        workspace_id: m.channel.workspaceId,
        channel_id: m.channel.id,
        contact_id: contactId,
        provider_conversation_id: providerConversationId,
      });
    } else if (providerConversationId) {
      row.provider_conversation_id = providerConversationId;
    }
    // The contact keeps the first Kapso conversation it was seen in (its link into Kapso's inbox).
    if (providerConversationId && !contactConversationIds.has(contactId)) contactConversationIds.set(contactId, providerConversationId);
  }
  const conversationRows = [...conversations.values()].sort(byKey((c) => conversationKey(c.channel_id, c.contact_id)));
  const conversationIds: Ids = new Map();
  for (const row of await tx<Pick<Row<"conversations">, "id" | "channel_id" | "contact_id">[]>`
    with input as (
      select * from json_to_recordset(${JSON.stringify(conversationRows)}::text::json)
        as t(workspace_id uuid, channel_id uuid, contact_id uuid, provider_conversation_id text)
    ),
    -- One probe of the unique index per row (limit 1 keeps the planner from turning it into a join over the table).
    existing as (
      select c.id, c.channel_id, c.contact_id from input i
      cross join lateral (
        select c.id, c.channel_id, c.contact_id from public.conversations c
        where c.workspace_id = i.workspace_id and c.channel_id = i.channel_id and c.contact_id = i.contact_id
        limit 1
      ) c
    ),
    created as (
      insert into public.conversations (workspace_id, channel_id, contact_id, provider_conversation_id)
      select i.workspace_id, i.channel_id, i.contact_id, i.provider_conversation_id from input i
      where not exists (select 1 from existing e where e.channel_id = i.channel_id and e.contact_id = i.contact_id)
      order by i.channel_id, i.contact_id
      on conflict (workspace_id, channel_id, contact_id) do update set
        provider_conversation_id = coalesce(excluded.provider_conversation_id, conversations.provider_conversation_id)
      returning id, channel_id, contact_id
    )
    select id, channel_id, contact_id from existing
    union all
    select id, channel_id, contact_id from created`) {
    conversationIds.set(conversationKey(row.channel_id, row.contact_id), row.id);
  }

  const namedConversations = conversationRows.flatMap((c) => {
    const id = conversationIds.get(conversationKey(c.channel_id, c.contact_id));
    return c.provider_conversation_id && id ? [{ id, provider_conversation_id: c.provider_conversation_id }] : [];
  });
  if (namedConversations.length > 0) {
    await tx`
      update public.conversations c set provider_conversation_id = t.provider_conversation_id
      from json_to_recordset(${JSON.stringify(namedConversations)}::text::json) as t(id uuid, provider_conversation_id text)
      where c.id = any(${namedConversations.map((c) => c.id)}::uuid[]) and c.id = t.id
        and c.provider_conversation_id is distinct from t.provider_conversation_id`;
  }
  if (contactConversationIds.size > 0) {
    const named = [...contactConversationIds]
      .sort()
      .map(([id, providerConversationId]) => ({ id, provider_conversation_id: providerConversationId }));
    await tx`
      update public.contacts c set provider_conversation_id = t.provider_conversation_id
      from json_to_recordset(${JSON.stringify(named)}::text::json) as t(id uuid, provider_conversation_id text)
      where c.id = any(${named.map((c) => c.id)}::uuid[]) and c.id = t.id and c.provider_conversation_id is null`;
  }
  return conversationIds;
}

/**
 * Messages: the first webhook carrying a wamid inserts it (ON CONFLICT DO
 * NOTHING). Rows go in grouped by conversation (arrival order within each),
 * so concurrent batches update conversation stats in the same order.
 * Returns which pending messages were first with their wamid, and the ids
 * of the rows inserted, by workspace|wamid.
 */
async function insertMessages(tx: Tx, pending: PendingMessage[], conversationOf: (m: PendingMessage) => string) {
  const firstOfWamid = new Set<PendingMessage>();
  const seenWamids = new Set<string>();
  for (const m of pending) {
    const key = `${m.channel.workspaceId}|${m.event.wamid}`;
    if (!seenWamids.has(key)) {
      seenWamids.add(key);
      firstOfWamid.add(m);
    }
  }
  const messageRows = pending
    .filter((m) => firstOfWamid.has(m))
    .map((m, arrival) => ({ m, arrival, conversationId: conversationOf(m) }))
    .sort((a, b) => (a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : a.arrival - b.arrival))
    .map(({ m: { channel, event }, conversationId }) => messageRow(channel, event, conversationId));
  const insertedIds: Ids = new Map();
  for (const row of await tx<With<Pick<Row<"messages">, "id" | "workspace_id" | "wamid">, { wamid: string }>[]>`
    insert into public.messages (workspace_id, conversation_id, wamid, direction, type, body, content, status, sent_at, error,
                                 media_id, media_mime_type, media_sha256, media_filename, media_caption, media_url, media_status,
                                 reply_to_wamid, target_wamid, is_forwarded, sender_type, is_historical)
    select workspace_id, conversation_id, wamid, direction, type, body, content, status, sent_at, error,
           media_id, media_mime_type, media_sha256, media_filename, media_caption, media_url, media_status,
           reply_to_wamid, target_wamid, is_forwarded, sender_type, is_historical
    from json_populate_recordset(null::public.messages, ${JSON.stringify(messageRows)}::text::json)
    on conflict (workspace_id, wamid) do nothing
    returning id, workspace_id, wamid`) {
    insertedIds.set(`${row.workspace_id}|${row.wamid}`, row.id);
  }
  return { firstOfWamid, insertedIds };
}

/** Tally: each webhook's summary counts its new messages and duplicates, media to fetch, conversations to answer. */
function tally(
  pending: PendingMessage[],
  written: { firstOfWamid: Set<PendingMessage>; insertedIds: Ids; conversationOf: (m: PendingMessage) => string },
  summaries: ApplySummary[],
) {
  for (const m of pending) {
    const summary = summaries[m.item] as ApplySummary;
    const id = written.firstOfWamid.has(m) ? written.insertedIds.get(`${m.channel.workspaceId}|${m.event.wamid}`) : undefined;
    if (!id) {
      summary.duplicates++;
      continue;
    }
    summary.messages++;
    const media = m.event.media;
    if (media?.id || media?.url) summary.mediaMessageIds.push(id);
    if (isLiveCustomerMessage(m.event)) summary.customerConversationIds.push(written.conversationOf(m));
  }
}

async function applyStatuses(tx: Tx, pending: PendingStatus[], summaries: ApplySummary[]) {
  const keyOf = (workspaceId: string, wamid: string, status: string) => `${workspaceId}|${wamid}|${status}`;
  const first = new Map<string, PendingStatus>();
  for (const s of pending) {
    const key = keyOf(s.channel.workspaceId, s.event.wamid, s.event.status);
    if (!first.has(key)) first.set(key, s);
  }
  const rows = [...first.values()].map(({ channel, event }) => ({
    workspace_id: channel.workspaceId,
    wamid: event.wamid,
    status: event.status,
    occurred_at: event.timestamp,
    errors: event.errors.length > 0 ? event.errors : null,
    details: event.extra,
  }));
  // Kept whatever happens, so a status that beats its message is applied later (trigger).
  const recorded = new Set(
    (
      await tx<Pick<Row<"message_statuses">, "workspace_id" | "wamid" | "status">[]>`
        insert into public.message_statuses (workspace_id, wamid, status, occurred_at, errors, details)
        select workspace_id, wamid, status, occurred_at, errors, details
        from json_to_recordset(${JSON.stringify(rows)}::text::json)
          as t(workspace_id uuid, wamid text, status text, occurred_at timestamptz, errors jsonb, details jsonb)
        on conflict (workspace_id, wamid, status) do nothing
        returning workspace_id, wamid, status`
    ).map((r) => keyOf(r.workspace_id, r.wamid, r.status)),
  );
  const toApply = rows.filter((r) => recorded.has(keyOf(r.workspace_id, r.wamid, r.status)));
  if (toApply.length > 0) {
    // One call per new status, in arrival order (the function only ever moves a message forward).
    await tx`
      select private.apply_status(t.workspace_id, t.wamid, t.status, t.occurred_at, t.errors, t.details)
      from json_to_recordset(${JSON.stringify(toApply)}::text::json)
        as t(workspace_id uuid, wamid text, status text, occurred_at timestamptz, errors jsonb, details jsonb)`;
  }
  for (const s of pending) {
    const key = keyOf(s.channel.workspaceId, s.event.wamid, s.event.status);
    const summary = summaries[s.item] as ApplySummary;
    if (first.get(key) === s && recorded.has(key)) summary.statuses++;
    else summary.duplicates++;
  }
}
