/**
 * The events an outbound webhook subscription can ask for, with the labels
 * Settings shows. Their names are part of the public API: never rename one.
 */
export const WEBHOOK_EVENTS = {
  "message.received": "A customer's message arrived",
  "message.status_updated": "A sent message was delivered, read or failed",
  "contact.created": "A contact was created",
  "contact.updated": "A contact's details changed",
  "conversation.assigned": "A conversation was assigned or unassigned",
  "conversation.status_changed": "A conversation was opened, marked pending, snoozed or resolved",
  /** Deprecated: sent when a conversation is resolved, for one more version; use conversation.status_changed. */
  "conversation.archived": "A conversation was resolved (deprecated: use conversation.status_changed)",
  "lead.status_changed": "A lead moved to another pipeline stage",
  "conversation.labels_changed": "Labels were put on or taken off a conversation",
  "conversation.team_changed": "A conversation moved to another team, or to none",
  "contact.opted_out": "A contact opted out of broadcasts (stop word, opt-out button or an admin)",
  "contact.opted_in": "An admin opted a contact back in to broadcasts",
  "broadcast.started": "A broadcast started sending",
  "broadcast.completed": "A broadcast finished, with its counts",
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as [WebhookEventType, ...WebhookEventType[]];

/** Sent by "Send test event" only, to the one subscription it was asked for. */
export const TEST_EVENT_TYPE = "webhook.test";

/** How long a rotated-out signing secret may keep signing beside the new one, in hours (0: not at all). */
export const ROTATION_OVERLAP_HOURS = [0, 1, 24, 72] as const;
export type RotationOverlapHours = (typeof ROTATION_OVERLAP_HOURS)[number];
