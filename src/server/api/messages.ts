import "server-only";
import { createHash, randomUUID } from "node:crypto";
import type { CountryCode } from "@/lib/phone";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { type QueuedMessage, type Sender, sendMediaLink, sendTemplate, sendText } from "@/server/inbox/commands";
import { canonicalPhoneOf } from "./contacts";
import { ApiError, apiRefusal, invalidInput } from "./errors";
import type { SendMessageInput } from "./schemas";

/** The contact: by id, or by number (a new number becomes a contact, as a new WhatsApp sender would). */
async function recipientContact(tx: Tx, workspaceId: string, country: CountryCode, input: SendMessageInput): Promise<string> {
  if (input.contact_id) {
    const [row] = await tx<Pick<Row<"contacts">, "id">[]>`
      select id from public.contacts where workspace_id = ${workspaceId} and id = ${input.contact_id}`;
    if (!row) throw new AppError("not_found", "errors.contacts.notFound");
    return row.id;
  }
  const phone = canonicalPhoneOf(input.phone ?? "", country, "body.phone");
  // "do update" (a no-op) rather than "do nothing", so the existing row is returned and locked.
  const [row] = await tx<Pick<Row<"contacts">, "id">[]>`
    insert into public.contacts (workspace_id, phone_e164, wa_id, source)
    values (${workspaceId}, ${phone}, ${phone.slice(1)}, 'api')
    on conflict (workspace_id, phone_e164) do update set phone_e164 = excluded.phone_e164
    returning id`;
  if (!row) throw new AppError("not_found", "errors.contacts.notFound");
  return row.id;
}

/**
 * The conversation to send in: on the channel asked for, else the contact's
 * latest conversation, else the workspace's only active number. Created
 * when the contact has none there yet.
 */
async function recipientConversation(tx: Tx, workspaceId: string, contactId: string, channelId: string | undefined): Promise<string> {
  if (!channelId) {
    const [latest] = await tx<Pick<Row<"conversations">, "id">[]>`
      select id from public.conversations where workspace_id = ${workspaceId} and contact_id = ${contactId}
      order by last_message_at desc nulls last, created_at desc limit 1`;
    if (latest) return latest.id;
  }
  const channels = await tx<Pick<Row<"whatsapp_channels">, "id">[]>`
    select id from public.whatsapp_channels
    where workspace_id = ${workspaceId} and status = 'active' ${channelId ? tx`and id = ${channelId}` : tx``}
    limit 2`;
  const [channel] = channels;
  if (!channel) throw apiRefusal("not_found", "This workspace has no active WhatsApp number with that id.");
  if (channels.length > 1) {
    throw invalidInput([{ field: "body.channel_id", message: "required when the workspace has several WhatsApp numbers" }]);
  }
  const [conversation] = await tx<Pick<Row<"conversations">, "id">[]>`
    insert into public.conversations (workspace_id, channel_id, contact_id)
    values (${workspaceId}, ${channel.id}, ${contactId})
    on conflict (workspace_id, channel_id, contact_id) do update set contact_id = excluded.contact_id
    returning id`;
  if (!conversation) throw new AppError("not_found", "errors.inbox.conversationNotFound");
  return conversation.id;
}

/** A conversation named by id: sent in as it is (its contact, its number; a channel_id given must be that number). */
async function namedConversation(tx: Tx, workspaceId: string, conversationId: string, channelId: string | undefined) {
  const [row] = await tx<Pick<Row<"conversations">, "id" | "contact_id">[]>`
    select id, contact_id from public.conversations
    where workspace_id = ${workspaceId} and id = ${conversationId} ${channelId ? tx`and channel_id = ${channelId}` : tx``}`;
  if (!row) throw new AppError("not_found", "errors.inbox.conversationNotFound");
  return { contactId: row.contact_id, conversationId: row.id };
}

async function recipientOf(tx: Tx, key: { workspaceId: string; country: CountryCode }, input: SendMessageInput) {
  const contactId = await recipientContact(tx, key.workspaceId, key.country, input);
  return { contactId, conversationId: await recipientConversation(tx, key.workspaceId, contactId, input.channel_id) };
}

/** An approved template by name and language, its parameters keyed as sendTemplate expects ("body.1"). */
async function templateFor(tx: Tx, workspaceId: string, template: Extract<SendMessageInput, { type: "template" }>["template"]) {
  const [row] = await tx<Pick<Row<"whatsapp_templates">, "id">[]>`
    select id from public.whatsapp_templates
    where workspace_id = ${workspaceId} and name = ${template.name} and language = ${template.language} and status = 'APPROVED'
    order by updated_at desc limit 1`;
  if (!row) throw apiRefusal("not_found", `No approved template "${template.name}" in ${template.language}.`);
  const parameters: Record<string, string> = {};
  for (const component of ["header", "body"] as const) {
    template.parameters?.[component]?.forEach((value, index) => {
      parameters[`${component}.${index + 1}`] = value;
    });
  }
  return { templateId: row.id, parameters };
}

export interface AcceptedMessage {
  id: string;
  status: "pending";
  conversation_id: string;
  contact_id: string;
}

/** The first answer to an Idempotency-Key, if a request with it came before; refused if that request was another. */
async function claimIdempotencyKey(
  tx: Tx,
  key: { keyId: string; workspaceId: string },
  idempotencyKey: string,
  input: SendMessageInput,
): Promise<AcceptedMessage | null> {
  const requestHash = createHash("sha256").update(JSON.stringify(input)).digest("hex");
  // A concurrent retry's insert waits here until the first request commits.
  const [claimed] = await tx`
    insert into public.api_idempotency_keys (workspace_id, api_key_id, key, request_hash)
    values (${key.workspaceId}, ${key.keyId}, ${idempotencyKey}, ${requestHash})
    on conflict do nothing
    returning key`;
  if (claimed) return null;
  const [first] = await tx<(AcceptedMessage & Pick<Row<"api_idempotency_keys">, "request_hash">)[]>`
    select k.request_hash, m.id, 'pending' as status, m.conversation_id, c.contact_id
    from public.api_idempotency_keys k
    join public.messages m on m.workspace_id = k.workspace_id and m.id = k.message_id
    join public.conversations c on c.workspace_id = m.workspace_id and c.id = m.conversation_id
    where k.workspace_id = ${key.workspaceId} and k.api_key_id = ${key.keyId} and k.key = ${idempotencyKey}`;
  if (!first) throw apiRefusal("not_found", "The message sent with this Idempotency-Key no longer exists.");
  const { request_hash, ...accepted } = first;
  if (request_hash !== requestHash) {
    throw new ApiError("invalid", "This Idempotency-Key was already used with a different request.", {
      reason: "idempotency_key_reused",
    });
  }
  return accepted;
}

/**
 * Queues a send as an API key. A retry with the same Idempotency-Key and
 * body, even one running at the same moment, waits for the first request
 * and gets its answer: 202, the same id, "pending" (even if the 24-hour
 * window has closed since). The message itself is unique on its scoped
 * idempotency key, so the send job exists once.
 */
export async function sendMessage(
  tx: Tx,
  key: { keyId: string; workspaceId: string; country: CountryCode },
  input: SendMessageInput,
  idempotencyKey: string | null,
): Promise<{ accepted: AcceptedMessage; replayed: boolean }> {
  if (idempotencyKey) {
    const first = await claimIdempotencyKey(tx, key, idempotencyKey, input);
    if (first) return { accepted: first, replayed: true };
  }
  const scopedKey = `api:${key.keyId}:${idempotencyKey ?? randomUUID()}`;

  const sender: Sender = { workspaceId: key.workspaceId, apiKeyId: key.keyId };
  const { contactId, conversationId } = input.conversation_id
    ? await namedConversation(tx, key.workspaceId, input.conversation_id, input.channel_id)
    : await recipientOf(tx, key, input);
  const common = { conversationId, idempotencyKey: scopedKey };
  let queued: QueuedMessage;
  switch (input.type) {
    case "text":
      queued = await sendText(tx, sender, { ...common, text: input.text });
      break;
    case "template":
      queued = await sendTemplate(tx, sender, { ...common, ...(await templateFor(tx, key.workspaceId, input.template)) });
      break;
    case "media":
      queued = await sendMediaLink(tx, sender, {
        ...common,
        kind: input.media.kind,
        url: input.media.url,
        caption: input.media.caption ?? null,
        filename: input.media.filename ?? null,
      });
      break;
  }
  if (idempotencyKey) {
    await tx`
      update public.api_idempotency_keys set message_id = ${queued.id}
      where workspace_id = ${key.workspaceId} and api_key_id = ${key.keyId} and key = ${idempotencyKey}`;
  }
  return {
    accepted: { id: queued.id, status: "pending", conversation_id: conversationId, contact_id: contactId },
    replayed: !queued.created,
  };
}
