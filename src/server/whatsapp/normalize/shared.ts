import {
  type CustomerIdentity,
  MESSAGE_TYPES,
  type MediaInfo,
  type MessageEvent,
  type MessageType,
  type NormalizedWebhook,
  type StatusEvent,
  type WebhookEvent,
  type WhatsAppError,
} from "../events";

/**
 * Reading untrusted JSON without trusting its shape: every accessor returns
 * a safe default instead of throwing, so a malformed part of a body is
 * skipped (and reported) while the rest is still read.
 */
export type Json = Record<string, unknown>;

export const record = (value: unknown): Json | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const text = (value: unknown): string | null =>
  typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : null;
export const nonEmpty = (value: unknown): string | null => {
  const s = text(value)?.trim();
  return s ? s : null;
};

/** WhatsApp sends unix seconds (as a string or a number); Kapso sometimes ISO dates. */
export function timestamp(value: unknown): Date | null {
  const raw = text(value);
  if (raw === null) return null;
  const date = /^\d{1,11}$/.test(raw) ? new Date(Number(raw) * 1000) : /^\d{4}-\d{2}-\d{2}T/.test(raw) ? new Date(raw) : null;
  return date && !Number.isNaN(date.getTime()) && date.getFullYear() < 3000 ? date : null;
}

export function errors(value: unknown): WhatsAppError[] {
  return list(value).flatMap((item) => {
    const e = record(item);
    if (!e) return [];
    const code = typeof e.code === "number" ? e.code : Number.isFinite(Number(e.code)) && e.code !== null ? Number(e.code) : null;
    return [{ code, title: text(e.title), message: text(e.message), details: text(record(e.error_data)?.details), href: text(e.href) }];
  });
}

export const emptyIdentity = (): CustomerIdentity => ({
  waId: null,
  businessUserId: null,
  parentUserId: null,
  username: null,
  profileName: null,
});

export function digitsOf(value: unknown): string | null {
  const digits = text(value)?.replace(/\D/g, "");
  return digits ? digits : null;
}

/** contacts[] of a Meta value, looked up by wa_id or user_id. */
export function contactDirectory(contacts: unknown) {
  const byKey = new Map<string, Json>();
  for (const item of list(contacts)) {
    const contact = record(item);
    if (!contact) continue;
    for (const key of [text(contact.wa_id), text(contact.user_id)]) if (key) byKey.set(key, contact);
  }
  return (waId: string | null, userId: string | null): CustomerIdentity => {
    const contact = (waId && byKey.get(waId)) || (userId && byKey.get(userId)) || (byKey.size === 1 ? [...byKey.values()][0] : undefined);
    const profile = record(contact?.profile);
    return {
      waId: waId ?? text(contact?.wa_id),
      businessUserId: userId ?? text(contact?.user_id),
      parentUserId: text(contact?.parent_user_id),
      username: text(profile?.username) ?? text(contact?.username),
      profileName: nonEmpty(profile?.name),
    };
  };
}

const MEDIA_TYPES = new Set(["image", "video", "audio", "document", "sticker"]);

interface Content {
  type: MessageType;
  body: string | null;
  media: MediaInfo | null;
  reaction: MessageEvent["reaction"];
}

function media(object: Json): MediaInfo {
  return {
    id: text(object.id),
    mimeType: text(object.mime_type),
    sha256: text(object.sha256),
    filename: text(object.filename),
    caption: nonEmpty(object.caption),
    url: text(object.url) ?? text(object.link),
    voice: object.voice === true,
    animated: object.animated === true,
  };
}

function interactiveBody(interactive: Json): string | null {
  const reply = record(interactive.button_reply) ?? record(interactive.list_reply);
  if (reply) return nonEmpty(reply.title) ?? nonEmpty(reply.id);
  const form = record(interactive.nfm_reply);
  if (form) return nonEmpty(form.body) ?? "Form submitted";
  return null;
}

/** What a Meta-style message object says: its type, readable body, media and reaction. */
export function content(message: Json): Content {
  const declared = text(message.type) ?? "";
  const object = record(message[declared]);
  const unsupported: Content = { type: "unsupported", body: null, media: null, reaction: null };
  if (declared === "text") return object ? { ...unsupported, type: "text", body: text(object.body) } : unsupported;
  if (MEDIA_TYPES.has(declared)) {
    if (!object) return unsupported;
    const info = media(object);
    return { ...unsupported, type: declared as MessageType, body: info.caption, media: info };
  }
  if (declared === "contacts")
    return Array.isArray(message.contacts) ? { ...unsupported, type: "contacts", body: contactsBody(message) } : unsupported;
  if (!object) return unsupported;
  switch (declared) {
    case "location": {
      const place = [nonEmpty(object.name), nonEmpty(object.address)].filter(Boolean).join(", ");
      return { ...unsupported, type: "location", body: place || `${text(object.latitude) ?? "?"}, ${text(object.longitude) ?? "?"}` };
    }
    case "interactive":
      return { ...unsupported, type: "interactive", body: interactiveBody(object) };
    case "button":
      return { ...unsupported, type: "button", body: nonEmpty(object.text) ?? nonEmpty(object.payload) };
    case "reaction": {
      const target = text(object.message_id);
      if (!target) return unsupported;
      return {
        ...unsupported,
        type: "reaction",
        body: nonEmpty(object.emoji),
        reaction: { targetWamid: target, emoji: nonEmpty(object.emoji) },
      };
    }
    case "order":
      return { ...unsupported, type: "order", body: `Order of ${list(object.product_items).length} item(s)` };
    case "system":
      return { ...unsupported, type: "system", body: nonEmpty(object.body) };
    default:
      return MESSAGE_TYPES.includes(declared as MessageType) && declared !== "unsupported"
        ? { ...unsupported, type: declared as MessageType }
        : unsupported;
  }
}

/** Names of shared contact cards, for a readable body. */
function contactsBody(message: Json): string | null {
  const names = list(message.contacts).flatMap((c) => {
    const name = record(record(c)?.name);
    return nonEmpty(name?.formatted_name) ?? nonEmpty(name?.first_name) ?? [];
  });
  return names.length ? `Contact: ${names.join(", ")}` : "Contact card";
}

export interface MessageContext {
  phoneNumberId: string | null;
  direction: MessageEvent["direction"];
  senderType: MessageEvent["senderType"];
  customer: CustomerIdentity;
  isHistorical?: boolean;
  status?: MessageEvent["status"];
  providerConversationId?: string | null;
  /** Fallback time when the message has none (Kapso test payloads). */
  receivedAt?: Date;
}

/**
 * One Meta-style message object → its events: a message, or an edit/revoke
 * of an earlier one, plus a contact change for system messages.
 */
export function messageEvents(message: Json, context: MessageContext, out: NormalizedWebhook) {
  const wamid = text(message.id);
  const at = timestamp(message.timestamp) ?? context.receivedAt ?? null;
  if (!wamid || !at) {
    out.ignored.push(`message without ${wamid ? "a valid timestamp" : "an id"}`);
    return;
  }
  const type = text(message.type);
  const base = { phoneNumberId: context.phoneNumberId, wamid, timestamp: at, customer: context.customer };
  if (type === "edit" || type === "revoke") {
    const change = record(message[type]);
    const target = text(change?.original_message_id);
    if (!target) {
      out.ignored.push(`${type} without original_message_id`);
      return;
    }
    if (type === "revoke") {
      out.events.push({ kind: "revoke", ...base, targetWamid: target });
    } else {
      const edited = record(change?.message) ?? {};
      out.events.push({ kind: "edit", ...base, targetWamid: target, body: content(edited).body, content: edited });
    }
    return;
  }

  const parsed = content(message);
  const contextObject = record(message.context);
  const event: MessageEvent = {
    kind: "message",
    ...base,
    direction: context.direction,
    senderType: context.senderType,
    type: parsed.type,
    body: parsed.body,
    content: message,
    media: parsed.media,
    replyToWamid: text(contextObject?.id),
    isForwarded: contextObject?.forwarded === true || contextObject?.frequently_forwarded === true,
    isHistorical: context.isHistorical ?? false,
    reaction: parsed.reaction,
    errors: errors(message.errors),
    status: context.status ?? null,
    providerConversationId: context.providerConversationId ?? null,
  };
  out.events.push(event);

  if (parsed.type === "system") {
    const system = record(message.system) ?? {};
    const kind = text(system.type);
    out.events.push({
      kind: "contact_change",
      phoneNumberId: context.phoneNumberId,
      customer: context.customer,
      change: kind === "user_changed_number" || kind === "customer_identity_changed" ? kind : "other",
      newWaId: text(system.wa_id) ?? text(system.new_wa_id),
      newBusinessUserId: text(system.user_id),
    });
  }
}

const STATUSES = new Set(["sent", "delivered", "read", "played", "failed"]);

export function statusEvent(status: Json, phoneNumberId: string | null, out: NormalizedWebhook) {
  const wamid = text(status.id);
  const state = text(status.status)?.toLowerCase() ?? "";
  const at = timestamp(status.timestamp);
  if (!wamid || !at || !STATUSES.has(state)) {
    out.ignored.push(`status ${state || "?"} without a usable id, state or timestamp`);
    return;
  }
  const group = text(status.recipient_type) === "group";
  const extra: Json = {};
  for (const key of ["conversation", "pricing", "biz_opaque_callback_data", "recipient_type"]) if (key in status) extra[key] = status[key];
  const event: StatusEvent = {
    kind: "status",
    phoneNumberId,
    wamid,
    status: state as StatusEvent["status"],
    timestamp: at,
    recipient: {
      ...emptyIdentity(),
      waId: group ? text(status.recipient_participant_id) : text(status.recipient_id),
      businessUserId: text(status.recipient_user_id) ?? text(status.recipient_participant_user_id),
      parentUserId: text(status.recipient_parent_user_id) ?? text(status.recipient_participant_parent_user_id),
    },
    errors: errors(status.errors),
    extra,
  };
  out.events.push(event);
}

export const emptyResult = (): NormalizedWebhook => ({ events: [], phoneNumberIds: [], ignored: [] });

export function addPhoneNumberId(out: NormalizedWebhook, id: string | null) {
  if (id && !out.phoneNumberIds.includes(id)) out.phoneNumberIds.push(id);
}

export type { WebhookEvent };
