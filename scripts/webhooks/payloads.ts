/**
 * Realistic webhook bodies in the providers' documented shapes, for the
 * simulator, the tests and the benchmark. Meta's envelope is also what
 * 360dialog's Cloud API forwards.
 */
import { randomBytes } from "node:crypto";

export interface BusinessNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId?: string;
}

export const unixSeconds = (date: Date = new Date()) => String(Math.floor(date.getTime() / 1000));
export const newWamid = () => `wamid.HBgL${randomBytes(18).toString("base64url")}`;

function envelope(number: BusinessNumber, field: string, value: Record<string, unknown>) {
  const fullValue: Record<string, unknown> = {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
    ...value,
  };
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: number.wabaId ?? "102290129340398",
        changes: [
          {
            value: fullValue,
            field,
          },
        ],
      },
    ],
  };
}

export interface InboundOptions {
  from: string;
  name?: string;
  wamid?: string;
  at?: Date;
}

/** One inbound message; `message` is the type-specific part, e.g. { type: "text", text: { body } }. */
export function metaInbound(number: BusinessNumber, options: InboundOptions, message: Record<string, unknown>) {
  return envelope(number, "messages", {
    contacts: [{ profile: { name: options.name ?? "Customer" }, wa_id: options.from }],
    messages: [{ from: options.from, id: options.wamid ?? newWamid(), timestamp: unixSeconds(options.at), ...message }],
  });
}

export const metaInboundText = (number: BusinessNumber, options: InboundOptions & { text: string }) =>
  metaInbound(number, options, { type: "text", text: { body: options.text } });

export const metaInboundImage = (number: BusinessNumber, options: InboundOptions & { caption?: string }) =>
  metaInbound(number, options, {
    type: "image",
    image: {
      caption: options.caption,
      mime_type: "image/jpeg",
      sha256: randomBytes(32).toString("base64"),
      id: String(1_000_000_000_000 + Math.floor(Math.random() * 1e12)),
    },
  });

/** A message the business sent from the WhatsApp Business app on its phone (coexistence). */
export function metaEcho(number: BusinessNumber, options: { to: string; text: string; wamid?: string; at?: Date }) {
  return envelope(number, "smb_message_echoes", {
    message_echoes: [
      {
        from: number.displayPhoneNumber.replace(/\D/g, ""),
        to: options.to,
        id: options.wamid ?? newWamid(),
        timestamp: unixSeconds(options.at),
        type: "text",
        text: { body: options.text },
      },
    ],
  });
}

export type DeliveryStatus = "sent" | "delivered" | "read" | "failed";

export function metaStatus(number: BusinessNumber, options: { wamid: string; status: DeliveryStatus; recipient: string; at?: Date }) {
  const failed = options.status === "failed";
  return envelope(number, "messages", {
    statuses: [
      {
        id: options.wamid,
        status: options.status,
        timestamp: unixSeconds(options.at),
        recipient_id: options.recipient,
        ...(failed && {
          errors: [
            {
              code: 131047,
              title: "Re-engagement message",
              message: "Re-engagement message",
              error_data: {
                details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
              },
              href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
            },
          ],
        }),
        ...(!failed && {
          conversation: { id: randomBytes(16).toString("hex"), origin: { type: "service" } },
          pricing: { billable: true, pricing_model: "PMP", category: "service", type: "free_customer_service" },
        }),
      },
    ],
  });
}

/**
 * A WhatsApp Business Account change about one template, as Meta posts it:
 * `message_template_status_update` (`event`: APPROVED, REJECTED…),
 * `message_template_quality_update` (`new_quality_score`) or
 * `template_category_update` (`new_category`). Only `entry[].id` names the account.
 */
export function metaTemplateChange(
  wabaId: string,
  field: "message_template_status_update" | "message_template_quality_update" | "template_category_update",
  template: { id: string; name: string; language: string },
  change: Record<string, unknown>,
) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: wabaId,
        time: unixSeconds(),
        changes: [
          {
            field,
            value: {
              // A number, as Meta sends it, when it fits one exactly.
              message_template_id: Number.isSafeInteger(Number(template.id)) ? Number(template.id) : template.id,
              message_template_name: template.name,
              message_template_language: template.language,
              ...change,
            },
          },
        ],
      },
    ],
  };
}

/** Kapso's v2 `whatsapp.message.received` event (sent with X-Webhook-Event). */
/** `conversationId`: Kapso's conversation the message is in (default: one per customer). */
export function kapsoMessageReceived(number: BusinessNumber, options: InboundOptions & { text: string; conversationId?: string }) {
  const wamid = options.wamid ?? newWamid();
  const at = options.at ?? new Date();
  return {
    message: {
      id: wamid,
      timestamp: unixSeconds(at),
      type: "text",
      from: options.from,
      text: { body: options.text },
      kapso: {
        direction: "inbound",
        status: "received",
        processing_status: "pending",
        origin: "cloud_api",
        has_media: false,
        content: options.text,
      },
    },
    conversation: {
      id: options.conversationId ?? `conv_${options.from}`,
      phone_number: `+${options.from}`,
      status: "active",
      phone_number_id: number.phoneNumberId,
      kapso: { contact_name: options.name ?? "Customer" },
    },
    is_new_conversation: false,
    phone_number_id: number.phoneNumberId,
  };
}
