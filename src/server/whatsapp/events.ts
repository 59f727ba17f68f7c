/**
 * What every provider's webhook is turned into. 360dialog (Cloud API and the
 * legacy On-Premise shape), Kapso (v2 events and forwarded Meta payloads) and
 * Meta's Cloud API all normalise to these events; processing knows nothing
 * about the wire formats.
 */

export const MESSAGE_TYPES = [
  "text",
  "image",
  "video",
  "audio",
  "document",
  "sticker",
  "location",
  "contacts",
  "interactive",
  "button",
  "reaction",
  "order",
  "system",
  "referral",
  "template",
  "unsupported",
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** A WhatsApp error as Meta reports it, in value.errors, messages[].errors or statuses[].errors. */
export interface WhatsAppError {
  code: number | null;
  title: string | null;
  message: string | null;
  details: string | null;
  href: string | null;
}

/**
 * Who the customer is. Meta is rolling out business-scoped user ids: wa_id
 * (the phone digits) may be missing, user_id present. Any field may be null.
 */
export interface CustomerIdentity {
  /** Phone digits as WhatsApp gives them (wa_id / from / to / recipient_id), e.g. "5215512345678". */
  waId: string | null;
  /** Business-scoped user id (contacts[].user_id, from_user_id, to_user_id, recipient_user_id). */
  businessUserId: string | null;
  parentUserId: string | null;
  username: string | null;
  /** contacts[].profile.name */
  profileName: string | null;
}

export interface MediaInfo {
  /** Provider media id, used to download the file later. */
  id: string | null;
  mimeType: string | null;
  sha256: string | null;
  filename: string | null;
  caption: string | null;
  /** A direct URL when the provider gives one (Kapso media_url, Meta's new `url`). */
  url: string | null;
  voice: boolean;
  animated: boolean;
}

export interface MessageEvent {
  kind: "message";
  /** Meta's phone_number_id of the business number; null when the payload does not say (legacy shape). */
  phoneNumberId: string | null;
  /** inbound = from the customer; outbound = written by the business (echoes, Kapso sent events, history). */
  direction: "inbound" | "outbound";
  /** customer for inbound; business_app for coexistence echoes and phone-app history; api for Kapso/API sends. */
  senderType: "customer" | "business_app" | "api";
  wamid: string;
  /** The provider's timestamp of the message. */
  timestamp: Date;
  customer: CustomerIdentity;
  type: MessageType;
  /** Text, caption, button/list title, or a readable summary; null for media without caption. */
  body: string | null;
  /** The provider's message object, whole (for unsupported types too). */
  content: Record<string, unknown>;
  media: MediaInfo | null;
  /** context.id: the message this one replies to. */
  replyToWamid: string | null;
  isForwarded: boolean;
  /** From history sync: import without notifications/unread. */
  isHistorical: boolean;
  /** For type "reaction": the target and the emoji (null = reaction removed). */
  reaction: { targetWamid: string; emoji: string | null } | null;
  /** Errors attached to the message itself (messages[].errors). */
  errors: WhatsAppError[];
  /** Outbound messages seen by the provider may carry a delivery state (Kapso sent/delivered/read events, history). */
  status: "sent" | "delivered" | "read" | "failed" | null;
  /** Kapso's conversation id, when given. */
  providerConversationId: string | null;
}

export interface StatusEvent {
  kind: "status";
  phoneNumberId: string | null;
  /** The outbound message this status is about. */
  wamid: string;
  status: "sent" | "delivered" | "read" | "played" | "failed";
  timestamp: Date;
  recipient: CustomerIdentity;
  errors: WhatsAppError[];
  /** conversation / pricing / biz_opaque_callback_data, kept as given. */
  extra: Record<string, unknown>;
}

/** The customer (or the business app) edited a message. */
export interface EditEvent {
  kind: "edit";
  phoneNumberId: string | null;
  wamid: string;
  targetWamid: string;
  timestamp: Date;
  customer: CustomerIdentity;
  body: string | null;
  content: Record<string, unknown>;
}

/** The customer deleted a message for everyone. */
export interface RevokeEvent {
  kind: "revoke";
  phoneNumberId: string | null;
  wamid: string;
  targetWamid: string;
  timestamp: Date;
  customer: CustomerIdentity;
}

/** system messages: user_changed_number (newWaId set), customer_identity_changed. Also stored as a message. */
export interface ContactChangeEvent {
  kind: "contact_change";
  phoneNumberId: string | null;
  customer: CustomerIdentity;
  change: "user_changed_number" | "customer_identity_changed" | "other";
  newWaId: string | null;
  newBusinessUserId: string | null;
}

/**
 * A change to a template: its review status (message_template_status_update),
 * its quality rating (message_template_quality_update) or its category
 * (template_category_update). What did not change is null.
 */
export interface TemplateStatusEvent {
  kind: "template_status";
  /** entry[].id: the WhatsApp Business Account. */
  wabaId: string | null;
  templateId: string;
  name: string | null;
  language: string | null;
  status: string | null;
  reason: string | null;
  /** GREEN, YELLOW, RED, UNKNOWN. */
  quality: string | null;
  /** MARKETING, UTILITY, AUTHENTICATION. */
  category: string | null;
  timestamp: Date;
}

/**
 * A number's quality or messaging limit changed (Meta's
 * phone_number_quality_update, sent for the WABA; the number is named by its
 * display phone number): `currentLimit` is its tier now (TIER_1K …).
 */
export interface NumberLimitEvent {
  kind: "number_limit";
  wabaId: string | null;
  /** Digits only. */
  displayPhoneNumber: string;
  /** FLAGGED, UNFLAGGED, UPGRADE, DOWNGRADE … as Meta names it. */
  event: string | null;
  currentLimit: string | null;
}

/** Errors not tied to a message or status (value.errors). */
export interface ErrorEvent {
  kind: "error";
  phoneNumberId: string | null;
  errors: WhatsAppError[];
}

/** Kapso conversation lifecycle events. */
export interface ConversationEvent {
  kind: "conversation";
  phoneNumberId: string | null;
  providerConversationId: string;
  state: "created" | "ended" | "inactive";
  customer: CustomerIdentity;
}

export type WebhookEvent =
  | MessageEvent
  | StatusEvent
  | EditEvent
  | RevokeEvent
  | ContactChangeEvent
  | TemplateStatusEvent
  | NumberLimitEvent
  | ErrorEvent
  | ConversationEvent;

/** The result of reading one webhook body. Never thrown: what cannot be understood is reported in `ignored`. */
export interface NormalizedWebhook {
  events: WebhookEvent[];
  /** Every business number the body names (for routing to a workspace). */
  phoneNumberIds: string[];
  /** Parts of the body that were recognised as not relevant or not understood, with a reason (e.g. "calls", "field account_update"). */
  ignored: string[];
}
