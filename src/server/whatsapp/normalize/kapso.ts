import type { MessageEvent, NormalizedWebhook } from "../events";
import { normalizeMetaEnvelope } from "./meta";
import {
  addPhoneNumberId,
  digitsOf,
  emptyIdentity,
  emptyResult,
  type Json,
  list,
  messageEvents,
  nonEmpty,
  record,
  statusEvent,
  text,
} from "./shared";

const OUTBOUND_STATUS: Record<string, MessageEvent["status"]> = {
  "whatsapp.message.sent": "sent",
  "whatsapp.message.delivered": "delivered",
  "whatsapp.message.read": "read",
  "whatsapp.message.failed": "failed",
};

const CONVERSATION_STATES: Record<string, "created" | "ended" | "inactive"> = {
  "whatsapp.conversation.created": "created",
  "whatsapp.conversation.ended": "ended",
  "whatsapp.conversation.inactive": "inactive",
};

/**
 * Kapso's v2 events (event name in X-Webhook-Event or the body), buffered
 * batches ({ type, batch: true, data: [...] }), message fragments, and raw
 * Meta payloads forwarded as they are. No field is assumed present.
 */
export function normalizeKapso(body: unknown, eventHeader: string | null): NormalizedWebhook {
  const root = record(body);
  if (!root) {
    const out = emptyResult();
    out.ignored.push("body is not an object");
    return out;
  }
  if (Array.isArray(root.entry)) return normalizeMetaEnvelope(root);

  const out = emptyResult();
  const batchEvent = text(root.type) ?? eventHeader;
  if (Array.isArray(root.data)) {
    for (const item of root.data) {
      const event = record(item);
      if (event) readEvent(event, text(event.event) ?? text(event.type) ?? batchEvent, out);
    }
  } else {
    readEvent(root, eventHeader ?? text(root.event) ?? text(root.type), out);
  }
  return out;
}

function customerOf(item: Json, message: Json | null, inbound: boolean) {
  const conversation = record(item.conversation);
  const kapso = record(message?.kapso);
  const firstStatus = record(list(kapso?.statuses)[0]);
  const waId = inbound
    ? (digitsOf(message?.from) ?? digitsOf(conversation?.phone_number) ?? digitsOf(kapso?.phone_number))
    : (digitsOf(message?.to) ?? digitsOf(conversation?.phone_number) ?? digitsOf(firstStatus?.recipient_id));
  return {
    ...emptyIdentity(),
    waId,
    businessUserId: text(inbound ? message?.from_user_id : message?.to_user_id),
    profileName: nonEmpty(record(conversation?.kapso)?.contact_name) ?? nonEmpty(record(item.contact)?.name),
  };
}

function readEvent(item: Json, eventName: string | null, out: NormalizedWebhook) {
  const message = record(item.message);
  const conversation = record(item.conversation);
  const kapso = record(message?.kapso);
  const phoneNumberId = text(item.phone_number_id) ?? text(conversation?.phone_number_id) ?? text(kapso?.phone_number_id);
  addPhoneNumberId(out, phoneNumberId);

  const state = eventName ? CONVERSATION_STATES[eventName] : undefined;
  if (state) {
    const id = text(conversation?.id);
    if (id)
      out.events.push({ kind: "conversation", phoneNumberId, providerConversationId: id, state, customer: customerOf(item, null, true) });
    else out.ignored.push(`${eventName} without conversation id`);
    return;
  }
  if (!message) {
    out.ignored.push(`event ${eventName ?? "(unnamed)"}`);
    return;
  }

  const direction = text(kapso?.direction) === "outbound" || (eventName !== null && eventName in OUTBOUND_STATUS) ? "outbound" : "inbound";
  const origin = text(kapso?.origin);
  const status = direction === "outbound" ? ((eventName ? OUTBOUND_STATUS[eventName] : undefined) ?? kapsoStatus(kapso)) : null;
  const before = out.events.length;
  messageEvents(
    withKapsoMedia(message, kapso),
    {
      phoneNumberId,
      direction,
      senderType: direction === "inbound" ? "customer" : origin === "business_app" || origin === "history_sync" ? "business_app" : "api",
      customer: customerOf(item, message, direction === "inbound"),
      isHistorical: origin === "history_sync",
      status,
      // Kapso's buffered items may omit the timestamp: the delivery is then the best clock there is.
      receivedAt: new Date(),
      providerConversationId: text(conversation?.id),
    },
    out,
  );
  const created = out.events[before];
  if (created?.kind === "message" && kapso) applyTranscript(created, kapso);

  if (direction === "outbound") {
    const history = list(kapso?.statuses)
      .map(record)
      .filter((s): s is Json => s !== null);
    for (const entry of history) statusEvent(entry, phoneNumberId, out);
    const wamid = text(message.id);
    if (history.length === 0 && status && wamid)
      statusEvent({ id: wamid, status, timestamp: message.timestamp, errors: message.errors }, phoneNumberId, out);
  }
}

function kapsoStatus(kapso: Json | null): MessageEvent["status"] {
  const s = text(kapso?.status);
  return s === "sent" || s === "delivered" || s === "read" || s === "failed" ? s : null;
}

/** Kapso hands out a direct media URL; it wins over Meta's (which needs a lookup). */
function withKapsoMedia(message: Json, kapso: Json | null): Json {
  const type = text(message.type);
  const object = type ? record(message[type]) : null;
  const mediaData = record(kapso?.media_data);
  const url = text(kapso?.media_url) ?? text(mediaData?.url);
  if (!object || !url) return message;
  return {
    ...message,
    [type as string]: {
      ...object,
      url,
      filename: object.filename ?? mediaData?.filename,
      mime_type: object.mime_type ?? mediaData?.content_type,
    },
  };
}

function applyTranscript(event: MessageEvent, kapso: Json) {
  const transcript = nonEmpty(record(kapso.transcript)?.text);
  if (transcript && !event.body) event.body = transcript;
}
