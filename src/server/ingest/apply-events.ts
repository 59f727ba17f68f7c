import "server-only";
import { canonicalizeWaId } from "@/lib/phone";
import { recordOptOuts } from "@/server/contacts/opt-out";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import type {
  ContactChangeEvent,
  ConversationEvent,
  CustomerIdentity,
  EditEvent,
  MessageEvent,
  NumberLimitEvent,
  RevokeEvent,
  StatusEvent,
  TemplateStatusEvent,
  WebhookEvent,
  WhatsAppError,
} from "@/server/whatsapp/events";
import { parseTier, recordMessagingLimit } from "@/server/whatsapp/sending/limits";

/** The WhatsApp number a webhook event was routed to. */
export interface RoutedChannel {
  id: string;
  workspaceId: string;
  phoneNumberId: string;
  wabaId: string | null;
}

export interface ApplySummary {
  messages: number;
  duplicates: number;
  statuses: number;
  other: number;
  skipped: string[];
  errors: WhatsAppError[];
  /** New messages whose media is still to be downloaded. */
  mediaMessageIds: string[];
  /** Conversations where the customer just wrote (live, not history): the AI assistant may answer. */
  customerConversationIds: string[];
}

export const emptySummary = (): ApplySummary => ({
  messages: 0,
  duplicates: 0,
  statuses: 0,
  other: 0,
  skipped: [],
  errors: [],
  mediaMessageIds: [],
  customerConversationIds: [],
});

/** Adds one summary's counts and lists to another. */
export function addSummary(into: ApplySummary, from: ApplySummary) {
  into.messages += from.messages;
  into.duplicates += from.duplicates;
  into.statuses += from.statuses;
  into.other += from.other;
  into.skipped.push(...from.skipped);
  into.errors.push(...from.errors);
  into.mediaMessageIds.push(...from.mediaMessageIds);
  into.customerConversationIds.push(...from.customerConversationIds);
}

/** A new message the assistant may answer: the customer wrote it now (not history, not a reaction). */
export const isLiveCustomerMessage = (event: MessageEvent) =>
  event.direction === "inbound" && !event.isHistorical && event.type !== "reaction";

/**
 * Writes one webhook's events for one channel, inside the caller's service
 * transaction, one statement per event: the reference that apply-batch.ts
 * must agree with, used for the events it does not write in bulk and when a
 * batch fails. Idempotent by construction: messages are unique on
 * (workspace, wamid) and inserted with ON CONFLICT DO NOTHING, contacts and
 * conversations are upserts on their unique keys, statuses only move forward.
 * Conversation stats are the triggers' job.
 */
export async function applyEvents(tx: Tx, channel: RoutedChannel, events: WebhookEvent[]): Promise<ApplySummary> {
  const summary = emptySummary();
  for (const event of events) {
    switch (event.kind) {
      case "message": {
        const inserted = await applyMessage(tx, channel, event);
        if (inserted === null) summary.skipped.push(`message ${event.wamid}: no customer identity`);
        else if (inserted === false) summary.duplicates++;
        else {
          summary.messages++;
          if (inserted.hasMedia) summary.mediaMessageIds.push(inserted.id);
          if (isLiveCustomerMessage(event)) summary.customerConversationIds.push(inserted.conversationId);
        }
        break;
      }
      case "status":
        if (await applyStatus(tx, channel, event)) summary.statuses++;
        else summary.duplicates++;
        break;
      case "edit":
        await applyEdit(tx, channel, event);
        summary.other++;
        break;
      case "revoke":
        await applyRevoke(tx, channel, event);
        summary.other++;
        break;
      case "contact_change":
        await applyContactChange(tx, channel, event);
        summary.other++;
        break;
      case "template_status":
        await applyTemplateStatus(tx, channel, event);
        summary.other++;
        break;
      case "number_limit":
        await applyNumberLimit(tx, channel, event);
        summary.other++;
        break;
      case "conversation":
        await applyConversationEvent(tx, channel, event);
        summary.other++;
        break;
      case "error":
        summary.errors.push(...event.errors);
        break;
    }
  }
  return summary;
}

/**
 * How a known number's contact takes in what a new message says of it
 * (shared by the one-event and the batched path): first-seen only earlier,
 * activity only later, names and ids filled in.
 */
export const mergeContactByPhone = (tx: Tx) => tx`
  on conflict (workspace_id, phone_e164) do update set
    wa_id = coalesce(contacts.wa_id, excluded.wa_id),
    business_user_id = coalesce(contacts.business_user_id, excluded.business_user_id),
    username = coalesce(excluded.username, contacts.username),
    profile_name = coalesce(excluded.profile_name, contacts.profile_name),
    first_seen_at = least(contacts.first_seen_at, excluded.first_seen_at),
    last_activity_at = greatest(contacts.last_activity_at, excluded.last_activity_at)`;

/**
 * Finds or creates the contact for a customer: by business-scoped user id
 * first, then by canonical phone, and for a wa_id that is no readable phone
 * number, by that wa_id. Profile names are kept apart from the name
 * an agent typed, which they never overwrite.
 */
export async function upsertContact(
  tx: Tx,
  workspaceId: string,
  customer: CustomerIdentity,
  activityAt: Date | null,
): Promise<string | null> {
  const phone = customer.waId ? canonicalizeWaId(customer.waId) : null;
  if (customer.businessUserId) {
    const [byUserId] = await tx<Pick<Row<"contacts">, "id">[]>`
      update public.contacts set
        phone_e164 = coalesce(phone_e164, ${phone}),
        wa_id = coalesce(wa_id, ${customer.waId}),
        username = coalesce(${customer.username}, username),
        profile_name = coalesce(${customer.profileName}, profile_name),
        last_activity_at = greatest(last_activity_at, coalesce(${activityAt}::timestamptz, last_activity_at))
      where workspace_id = ${workspaceId} and business_user_id = ${customer.businessUserId}
      returning id`;
    if (byUserId) return byUserId.id;
  }
  if (!phone && !customer.businessUserId && !customer.waId) return null;

  const values = {
    workspace_id: workspaceId,
    phone_e164: phone,
    wa_id: customer.waId,
    business_user_id: customer.businessUserId,
    username: customer.username,
    profile_name: customer.profileName,
    source: "whatsapp",
    first_seen_at: activityAt ?? new Date(),
    last_activity_at: activityAt ?? new Date(),
  };
  // Two first messages from one new number at once make one contact: the
  // unique key decides, and the loser updates the winner's row.
  const [row] = phone
    ? await tx<Pick<Row<"contacts">, "id">[]>`
        insert into public.contacts ${tx(values)}
        ${mergeContactByPhone(tx)}
        returning id`
    : customer.businessUserId
      ? await tx<Pick<Row<"contacts">, "id">[]>`
        insert into public.contacts ${tx(values)}
        on conflict (workspace_id, business_user_id) do update set
          username = coalesce(excluded.username, contacts.username),
          profile_name = coalesce(excluded.profile_name, contacts.profile_name),
          last_activity_at = greatest(contacts.last_activity_at, excluded.last_activity_at)
        returning id`
      : await tx<Pick<Row<"contacts">, "id">[]>`
        insert into public.contacts ${tx(values)}
        on conflict (workspace_id, wa_id) where phone_e164 is null and business_user_id is null do update set
          profile_name = coalesce(excluded.profile_name, contacts.profile_name),
          last_activity_at = greatest(contacts.last_activity_at, excluded.last_activity_at)
        returning id`;
  return row?.id ?? null;
}

async function upsertConversation(tx: Tx, channel: RoutedChannel, contactId: string, providerConversationId: string | null) {
  const [existing] = await tx<Pick<Row<"conversations">, "id">[]>`
    select id from public.conversations
    where workspace_id = ${channel.workspaceId} and channel_id = ${channel.id} and contact_id = ${contactId}`;
  if (existing) {
    if (providerConversationId) {
      await tx`update public.conversations set provider_conversation_id = ${providerConversationId}
               where id = ${existing.id} and provider_conversation_id is distinct from ${providerConversationId}`;
    }
    return existing.id;
  }
  const [row] = await tx<Pick<Row<"conversations">, "id">[]>`
    insert into public.conversations (workspace_id, channel_id, contact_id, provider_conversation_id)
    values (${channel.workspaceId}, ${channel.id}, ${contactId}, ${providerConversationId})
    on conflict (workspace_id, channel_id, contact_id) do update set
      provider_conversation_id = coalesce(excluded.provider_conversation_id, conversations.provider_conversation_id)
    returning id`;
  if (!row) throw new Error("conversation upsert returned no row");
  return row.id;
}

/** The new row, false when it was already there (duplicate delivery), null when there is no customer to attach it to. */
async function applyMessage(
  tx: Tx,
  channel: RoutedChannel,
  event: MessageEvent,
): Promise<{ id: string; conversationId: string; hasMedia: boolean } | false | null> {
  const contactId = await upsertContact(tx, channel.workspaceId, event.customer, event.isHistorical ? null : event.timestamp);
  if (!contactId) return null;
  const conversationId = await upsertConversation(tx, channel, contactId, event.providerConversationId);
  if (event.providerConversationId) {
    // The first Kapso conversation stays the contact's; later ones are the conversation's (above).
    await tx`update public.contacts set provider_conversation_id = ${event.providerConversationId}
             where id = ${contactId} and provider_conversation_id is null`;
  }

  const message = messageRow(channel, event, conversationId);
  const hasMedia = message.media_status === "pending";
  const inserted = await tx<Pick<Row<"messages">, "id">[]>`
    insert into public.messages ${tx({
      ...message,
      content: tx.json(message.content as Parameters<typeof tx.json>[0]),
      error: message.error ? tx.json(message.error as unknown as Parameters<typeof tx.json>[0]) : null,
    })}
    on conflict (workspace_id, wamid) do nothing
    returning id`;
  const row = inserted[0];
  if (row) await recordOptOuts(tx, [{ ...event, workspaceId: channel.workspaceId, contactId }]);
  return row ? { id: row.id, conversationId, hasMedia } : false;
}

/** false when this exact status was already recorded (a duplicate delivery): nothing to apply. */
async function applyStatus(tx: Tx, channel: RoutedChannel, event: StatusEvent): Promise<boolean> {
  const errors = event.errors.length > 0 ? tx.json(event.errors as unknown as Parameters<typeof tx.json>[0]) : null;
  const details = tx.json(event.extra as Parameters<typeof tx.json>[0]);
  // Kept whatever happens, so a status that beats its message is applied later (trigger).
  const recorded = await tx`
    insert into public.message_statuses (workspace_id, wamid, status, occurred_at, errors, details)
    values (${channel.workspaceId}, ${event.wamid}, ${event.status}, ${event.timestamp}, ${errors}, ${details})
    on conflict (workspace_id, wamid, status) do nothing
    returning id`;
  if (recorded.length === 0) return false;
  await tx`select private.apply_status(${channel.workspaceId}, ${event.wamid}, ${event.status}, ${event.timestamp}, ${errors}, ${details})`;
  return true;
}

async function applyEdit(tx: Tx, channel: RoutedChannel, event: EditEvent) {
  await tx`
    update public.messages set
      body = ${event.body},
      content = content || jsonb_build_object('edit', ${tx.json(event.content as Parameters<typeof tx.json>[0])}::jsonb),
      edited_at = ${event.timestamp}
    where workspace_id = ${channel.workspaceId} and wamid = ${event.targetWamid}
      and (edited_at is null or edited_at <= ${event.timestamp})`;
}

async function applyRevoke(tx: Tx, channel: RoutedChannel, event: RevokeEvent) {
  await tx`
    update public.messages set revoked_at = coalesce(revoked_at, ${event.timestamp})
    where workspace_id = ${channel.workspaceId} and wamid = ${event.targetWamid}`;
}

async function applyContactChange(tx: Tx, channel: RoutedChannel, event: ContactChangeEvent) {
  if (event.change !== "user_changed_number" || !event.newWaId) return;
  const contactId = await upsertContact(tx, channel.workspaceId, event.customer, null);
  const newPhone = canonicalizeWaId(event.newWaId);
  if (!contactId || !newPhone) return;
  // The new number may already be a contact of its own; then both stay, and
  // an agent can merge them.
  await tx`
    update public.contacts set phone_e164 = ${newPhone}, wa_id = ${event.newWaId}
    where id = ${contactId}
      and not exists (select 1 from public.contacts other
                      where other.workspace_id = ${channel.workspaceId} and other.phone_e164 = ${newPhone})`;
}

async function applyTemplateStatus(tx: Tx, channel: RoutedChannel, event: TemplateStatusEvent) {
  if (!event.status) {
    // Quality and category changes only update a template we know; the next sync brings one we do not.
    await tx`
      update public.whatsapp_templates set
        quality = coalesce(${event.quality?.toUpperCase() ?? null}, quality),
        category = coalesce(${event.category?.toUpperCase() ?? null}, category)
      where workspace_id = ${channel.workspaceId} and provider_template_id = ${event.templateId}`;
    return;
  }
  await tx`
    insert into public.whatsapp_templates (workspace_id, waba_id, provider_template_id, name, language, status, rejection_reason)
    values (${channel.workspaceId}, ${event.wabaId}, ${event.templateId}, ${event.name}, ${event.language}, ${event.status.toUpperCase()}, ${event.reason})
    on conflict (workspace_id, provider_template_id) do update set
      status = excluded.status,
      rejection_reason = excluded.rejection_reason,
      name = coalesce(excluded.name, whatsapp_templates.name),
      language = coalesce(excluded.language, whatsapp_templates.language)`;
}

async function applyConversationEvent(tx: Tx, channel: RoutedChannel, event: ConversationEvent) {
  const contactId = await upsertContact(tx, channel.workspaceId, event.customer, null);
  if (contactId) await upsertConversation(tx, channel, contactId, event.providerConversationId);
}

/** The messages row of a message event (one insert here, multi-row in apply-batch.ts). */
export function messageRow(channel: RoutedChannel, event: MessageEvent, conversationId: string) {
  const media = event.media;
  const hasMedia = Boolean(media?.id || media?.url);
  return {
    workspace_id: channel.workspaceId,
    conversation_id: conversationId,
    wamid: event.wamid,
    direction: event.direction,
    type: event.type,
    body: event.body,
    content: event.content,
    status: event.direction === "inbound" ? "delivered" : (event.status ?? "sent"),
    sent_at: event.timestamp,
    error: event.errors[0] ?? null,
    media_id: media?.id ?? null,
    media_mime_type: media?.mimeType ?? null,
    media_sha256: media?.sha256 ?? null,
    media_filename: media?.filename ?? null,
    media_caption: media?.caption ?? null,
    media_url: media?.url ?? null,
    media_status: hasMedia ? "pending" : null,
    reply_to_wamid: event.replyToWamid,
    target_wamid: event.reaction?.targetWamid ?? null,
    is_forwarded: event.isForwarded,
    sender_type: event.senderType,
    is_historical: event.isHistorical,
  };
}

/** The WABA's quality update names one of its numbers by display number: that channel keeps the tier it states. */
function applyNumberLimit(tx: Tx, channel: RoutedChannel, event: NumberLimitEvent) {
  return recordMessagingLimit(tx, channel.id, parseTier(event.currentLimit), { displayPhoneNumber: event.displayPhoneNumber });
}
