import "server-only";
import type { CustomAttributeValue } from "@/lib/contact-fields";
import { formatPhone } from "@/lib/format";
import { type ContactFieldValue, prefillFields } from "@/lib/template-prefill";
import { type ContactActor, type ContactScope, canonicalPhone } from "@/server/contacts/commands";
import { listFields } from "@/server/contacts/queries";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { type QueuedMessage, sendTemplate, sendText } from "./commands";
import { type ApprovedTemplate, listApprovedTemplates } from "./queries";

/**
 * Writing first: an agent picks a contact (or types a number), one of the
 * workspace's WhatsApp numbers and a template (or text, while the
 * customer's 24-hour window is open on that number), and the message goes
 * out in the contact's conversation on that number, found or created with
 * the keys webhook ingestion uses: one contact per (workspace, canonical
 * phone), one conversation per (workspace, number, contact).
 */

/** Who is written to: a contact of the workspace, or a phone number as typed (the workspace's country reads local numbers). */
export type StartTarget = { contactId: string } | { phone: string };

export interface StartRecipient {
  /** Null for a number no contact has yet: sending creates it. */
  contactId: string | null;
  name: string | null;
  phone: string;
  optedOutAt: string | null;
  /** What template parameters can be filled from. */
  fields: ContactFieldValue[];
}

export type StartTemplate = ApprovedTemplate & {
  /** The contact field that fills each parameter at first, by parameter key ("body.1"). */
  prefill: Record<string, string>;
};

export interface StartChannel {
  id: string;
  name: string;
  status: string;
  /** The contact's conversation on this number, when there is one. */
  conversationId: string | null;
  /** Free-form text is allowed: the customer wrote to this number in the last 24 hours. */
  windowOpen: boolean;
  templates: StartTemplate[];
}

export interface StartOptions {
  recipient: StartRecipient;
  channels: StartChannel[];
}

type ContactForStart = Pick<Row<"contacts">, "id" | "phone_e164" | "wa_id" | "email"> & {
  name: string | null;
  custom_attributes: Record<string, CustomAttributeValue>;
  opted_out_at: string | null;
};

async function findContact(tx: Tx, workspaceId: string, where: { id: string } | { phone: string }) {
  const [row] = await tx<ContactForStart[]>`
    select id, coalesce(name, profile_name, username) as name, phone_e164, wa_id, email, custom_attributes,
           to_char(opted_out_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as opted_out_at
    from public.contacts
    where workspace_id = ${workspaceId} and ${"id" in where ? tx`id = ${where.id}` : tx`phone_e164 = ${where.phone}`}`;
  return row ?? null;
}

async function contactOf(tx: Tx, actor: ContactScope, target: StartTarget) {
  if ("contactId" in target) {
    const contact = await findContact(tx, actor.workspaceId, { id: target.contactId });
    if (!contact) throw new AppError("not_found", "errors.contacts.notFound");
    if (!contact.phone_e164 && !contact.wa_id) {
      throw new AppError("invalid", "errors.contacts.noWhatsAppNumber", { field: "phone" });
    }
    return { phone: contact.phone_e164 ?? `+${contact.wa_id}`, contact };
  }
  const phone = canonicalPhone(target.phone, actor.country);
  return { phone, contact: await findContact(tx, actor.workspaceId, { phone }) };
}

async function recipientFields(tx: Tx, workspaceId: string, phone: string, contact: ContactForStart | null): Promise<ContactFieldValue[]> {
  const custom = contact ? await listFields(tx, workspaceId) : [];
  return [
    { key: "name", label: "Name", value: contact?.name ?? "" },
    { key: "phone", label: "Phone", value: formatPhone(phone) },
    { key: "email", label: "Email", value: contact?.email ?? "" },
    ...custom.map((f) => ({ key: f.key, label: f.label, value: String(contact?.custom_attributes[f.key] ?? "") })),
  ];
}

/** What the "New conversation" dialog offers for a recipient: the numbers, each with its window and approved templates. */
export async function startConversationOptions(tx: Tx, actor: ContactScope, target: StartTarget): Promise<StartOptions> {
  const { phone, contact } = await contactOf(tx, actor, target);
  const fields = await recipientFields(tx, actor.workspaceId, phone, contact);
  const channels = await tx<
    (Pick<Row<"whatsapp_channels">, "id" | "status"> & { name: string; conversation_id: string | null; window_open: boolean })[]
  >`
    select ch.id, coalesce(ch.name, ch.display_phone_number, 'WhatsApp') as name, ch.status, c.id as conversation_id,
           coalesce(c.last_customer_message_at + interval '24 hours' > now(), false) as window_open
    from public.whatsapp_channels ch
    left join public.conversations c on c.workspace_id = ch.workspace_id and c.channel_id = ch.id and c.contact_id = ${contact?.id ?? null}::uuid
    where ch.workspace_id = ${actor.workspaceId}
    order by ch.status = 'disconnected', ch.created_at, ch.id`;
  const withTemplates: StartChannel[] = [];
  for (const channel of channels) {
    const templates = await listApprovedTemplates(tx, actor.workspaceId, channel.id);
    withTemplates.push({
      id: channel.id,
      name: channel.name,
      status: channel.status,
      conversationId: channel.conversation_id,
      windowOpen: channel.window_open,
      templates: templates.map((t) => ({ ...t, prefill: prefillFields(t.parameters, fields) })),
    });
  }
  return {
    recipient: { contactId: contact?.id ?? null, name: contact?.name ?? null, phone, optedOutAt: contact?.opted_out_at ?? null, fields },
    channels: withTemplates,
  };
}

export type StartMessage = { kind: "template"; templateId: string; parameters: Record<string, string> } | { kind: "text"; text: string };

export interface StartedConversation extends QueuedMessage {
  conversationId: string;
  contactId: string;
}

/**
 * Sends the first message (or the next one, when the conversation exists)
 * to a contact or a typed number on one of the workspace's numbers. The
 * contact and conversation are found or created in the send's transaction,
 * so a refused send (window closed, template not approved) leaves neither.
 */
export async function startConversation(
  tx: Tx,
  actor: ContactActor,
  input: { channelId: string; target: StartTarget; idempotencyKey: string; message: StartMessage },
): Promise<StartedConversation> {
  const [channel] = await tx<Pick<Row<"whatsapp_channels">, "status">[]>`
    select status from public.whatsapp_channels where workspace_id = ${actor.workspaceId} and id = ${input.channelId}`;
  if (!channel) throw new AppError("not_found", "errors.channels.whatsappNumberNotFound");
  if (channel.status === "disconnected") {
    throw new AppError("conflict", "errors.channels.disconnectedAskAdmin", {
      reason: "channel_disconnected",
    });
  }
  const contactId = await findOrCreateContact(tx, actor, input.target);
  const conversationId = await findOrCreateConversation(tx, actor.workspaceId, input.channelId, contactId);
  const { message } = input;
  if (message.kind === "text") {
    const sent = await sendText(tx, actor, { conversationId, idempotencyKey: input.idempotencyKey, text: message.text });
    return { ...sent, conversationId, contactId };
  }
  // sendTemplate knows the workspace's approved templates; only this number's account may send this one.
  const templates = await listApprovedTemplates(tx, actor.workspaceId, input.channelId);
  if (!templates.some((t) => t.id === message.templateId)) {
    throw new AppError("not_found", "errors.inbox.templateNotApprovedPickAnother");
  }
  const sent = await sendTemplate(tx, actor, {
    conversationId,
    idempotencyKey: input.idempotencyKey,
    templateId: message.templateId,
    parameters: message.parameters,
  });
  return { ...sent, conversationId, contactId };
}

/** The contact, or for a typed number one created as a person would type it in: a later WhatsApp message from it is the same contact. */
async function findOrCreateContact(tx: Tx, actor: ContactScope, target: StartTarget): Promise<string> {
  const { phone, contact } = await contactOf(tx, actor, target);
  if (contact) return contact.id;
  // A message arriving from this number meanwhile may have created it: the unique key decides.
  await tx`
    insert into public.contacts (workspace_id, phone_e164, wa_id, source)
    values (${actor.workspaceId}, ${phone}, ${phone.slice(1)}, 'manual')
    on conflict (workspace_id, phone_e164) do nothing`;
  const created = await findContact(tx, actor.workspaceId, { phone });
  if (!created) throw new AppError("forbidden", "errors.contacts.cannotAddIn");
  return created.id;
}

async function findOrCreateConversation(tx: Tx, workspaceId: string, channelId: string, contactId: string): Promise<string> {
  await tx`
    insert into public.conversations (workspace_id, channel_id, contact_id)
    values (${workspaceId}, ${channelId}, ${contactId})
    on conflict (workspace_id, channel_id, contact_id) do nothing`;
  const [conversation] = await tx<Pick<Row<"conversations">, "id">[]>`
    select id from public.conversations where workspace_id = ${workspaceId} and channel_id = ${channelId} and contact_id = ${contactId}`;
  if (!conversation) throw new AppError("forbidden", "errors.inbox.cannotStart");
  return conversation.id;
}
