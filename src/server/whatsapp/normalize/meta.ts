import type { NormalizedWebhook } from "../events";
import {
  addPhoneNumberId,
  contactDirectory,
  emptyIdentity,
  emptyResult,
  errors,
  type Json,
  list,
  messageEvents,
  nonEmpty,
  record,
  statusEvent,
  text,
  timestamp,
} from "./shared";

/**
 * Meta's Cloud API envelope ({ object, entry: [{ id, changes: [{ field, value }] }] }),
 * also what 360dialog's Cloud API and Kapso's raw forwarding send. Every
 * entry, change, message, echo, status and history item is read.
 */
export function normalizeMetaEnvelope(body: unknown): NormalizedWebhook {
  const out = emptyResult();
  const root = record(body);
  if (!root || !Array.isArray(root.entry)) {
    out.ignored.push("not a Meta webhook envelope (no entry[])");
    return out;
  }
  for (const item of root.entry) {
    const entry = record(item);
    if (!entry) continue;
    for (const changeItem of list(entry.changes)) {
      const change = record(changeItem);
      const value = record(change?.value);
      if (!change || !value) {
        out.ignored.push("change without a value");
        continue;
      }
      readChange(text(change.field) ?? "", value, text(entry.id), out);
    }
  }
  return out;
}

function readChange(field: string, value: Json, wabaId: string | null, out: NormalizedWebhook) {
  const metadata = record(value.metadata);
  const phoneNumberId = text(metadata?.phone_number_id);
  addPhoneNumberId(out, phoneNumberId);
  const businessDigits = text(metadata?.display_phone_number)?.replace(/\D/g, "") ?? null;

  switch (field) {
    case "messages":
    case "smb_message_echoes":
      readMessagesValue(value, phoneNumberId, out);
      return;
    case "history":
      readHistory(value, phoneNumberId, businessDigits, out);
      return;
    case "message_template_status_update":
    case "message_template_quality_update":
    case "template_category_update":
      readTemplateChange(field, value, wabaId, out);
      return;
    case "phone_number_quality_update":
      readQualityUpdate(value, wabaId, out);
      return;
    default:
      out.ignored.push(`field ${field || "(none)"}`);
  }
}

/** messages / statuses / message_echoes / errors of one change value (Kapso's tests mix them in one). */
export function readMessagesValue(value: Json, phoneNumberId: string | null, out: NormalizedWebhook) {
  const lookup = contactDirectory(value.contacts);
  for (const item of list(value.messages)) {
    const message = record(item);
    if (!message) continue;
    const customer = lookup(text(message.from), text(message.from_user_id));
    messageEvents(message, { phoneNumberId, direction: "inbound", senderType: "customer", customer }, out);
  }
  for (const item of list(value.message_echoes)) {
    const echo = record(item);
    if (!echo) continue;
    const customer = { ...lookup(text(echo.to), text(echo.to_user_id)), parentUserId: text(echo.to_parent_user_id) };
    messageEvents(echo, { phoneNumberId, direction: "outbound", senderType: "business_app", customer, status: "sent" }, out);
  }
  for (const item of list(value.statuses)) {
    const status = record(item);
    if (status) statusEvent(status, phoneNumberId, out);
  }
  const valueErrors = errors(value.errors);
  if (valueErrors.length > 0) out.events.push({ kind: "error", phoneNumberId, errors: valueErrors });
  if (Array.isArray(value.calls)) out.ignored.push("calls");
}

const HISTORY_STATUS: Record<string, "sent" | "delivered" | "read" | "failed"> = {
  SENT: "sent",
  DELIVERED: "delivered",
  READ: "read",
  PLAYED: "read",
  ERROR: "failed",
};

/** Coexistence history sync: past chats of the WhatsApp Business app, imported without notifications. */
function readHistory(value: Json, phoneNumberId: string | null, businessDigits: string | null, out: NormalizedWebhook) {
  for (const chunk of list(value.history)) {
    for (const threadItem of list(record(chunk)?.threads)) {
      const thread = record(threadItem);
      if (!thread) continue;
      const customer = { ...emptyIdentity(), waId: text(thread.id), businessUserId: text(thread.user_id) };
      for (const item of list(thread.messages)) {
        const message = record(item);
        if (!message) continue;
        const fromBusiness = businessDigits !== null && text(message.from)?.replace(/\D/g, "") === businessDigits;
        const status = HISTORY_STATUS[text(record(message.history_context)?.status)?.toUpperCase() ?? ""] ?? null;
        messageEvents(
          message,
          {
            phoneNumberId,
            direction: fromBusiness ? "outbound" : "inbound",
            senderType: fromBusiness ? "business_app" : "customer",
            customer,
            isHistorical: true,
            status: fromBusiness ? status : null,
          },
          out,
        );
      }
    }
  }
}

function readQualityUpdate(value: Json, wabaId: string | null, out: NormalizedWebhook) {
  const displayPhoneNumber = text(value.display_phone_number)?.replace(/\D/g, "");
  if (!displayPhoneNumber) {
    out.ignored.push("phone number quality update without a display phone number");
    return;
  }
  out.events.push({ kind: "number_limit", wabaId, displayPhoneNumber, event: text(value.event), currentLimit: text(value.current_limit) });
}

function readTemplateChange(field: string, value: Json, wabaId: string | null, out: NormalizedWebhook) {
  const templateId = text(value.message_template_id);
  const change = {
    status: field === "message_template_status_update" ? nonEmpty(value.event) : null,
    quality: field === "message_template_quality_update" ? nonEmpty(value.new_quality_score) : null,
    // correct_category: Meta's announcement of a category it will apply; new_category: the one it applied.
    category: field === "template_category_update" ? (nonEmpty(value.new_category) ?? nonEmpty(value.correct_category)) : null,
  };
  if (!templateId || (!change.status && !change.quality && !change.category)) {
    out.ignored.push(`${field} without template id or change`);
    return;
  }
  out.events.push({
    kind: "template_status",
    wabaId,
    templateId,
    name: text(value.message_template_name),
    language: text(value.message_template_language),
    ...change,
    reason: change.status
      ? (nonEmpty(record(value.rejection_info)?.reason) ?? (text(value.reason) === "NONE" ? null : text(value.reason)))
      : null,
    timestamp: timestamp(value.timestamp) ?? new Date(),
  });
}
