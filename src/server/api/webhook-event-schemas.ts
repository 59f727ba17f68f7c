import "server-only";
import { z } from "zod";
import { CONVERSATION_STATUSES } from "@/lib/conversation-status";
import { TEST_EVENT_TYPE, WEBHOOK_EVENTS, type WebhookEventType } from "@/lib/webhook-events";
import { broadcast, contact, conversation, message } from "./schemas";

/**
 * What each event's `data` holds: the /api/v1 resource (the API's own
 * serializers and schemas, so the shapes cannot drift), plus the facts of
 * the change as it happened, captured by the trigger in the same
 * transaction (a quick delivered → read leaves two events that say so, even
 * when both carry the message as it is by then).
 */
const status = z.string().meta({ description: "The status this event reports." });
const previousStatus = z.string().nullable().meta({ description: "The status before the change." });
const userId = z.uuid().nullable();
const labelRef = z.object({ id: z.uuid(), name: z.string() });

export const EVENT_DATA = {
  "message.received": z.object({ message }),
  "message.status_updated": z.object({ message, status, previous_status: previousStatus }),
  "contact.created": z.object({ contact }),
  "contact.updated": z.object({ contact }),
  "conversation.assigned": z.object({
    conversation,
    assigned_to: userId.meta({ description: "The member it is assigned to now; null when unassigned." }),
    previous_assigned_to: userId,
  }),
  "conversation.status_changed": z.object({
    conversation,
    from: z.enum(CONVERSATION_STATUSES).meta({ description: "The status before the change." }),
    to: z.enum(CONVERSATION_STATUSES).meta({ description: "The status after the change." }),
    snoozed_until: z.iso
      .datetime({ offset: true })
      .nullable()
      .meta({ description: "When a snoozed conversation comes back; null unless `to` is snoozed." }),
  }),
  "conversation.archived": z.object({ conversation }).meta({ description: "Deprecated: use conversation.status_changed." }),
  "lead.status_changed": z.object({
    contact,
    status: status.meta({ description: "The key of the pipeline stage the lead moved to." }),
    previous_status: previousStatus,
  }),
  "conversation.labels_changed": z.object({
    conversation,
    added: z.array(labelRef).meta({ description: "Labels put on by this change (empty when it only took some off)." }),
    removed: z.array(labelRef).meta({ description: "Labels taken off by this change." }),
  }),
  "conversation.team_changed": z.object({
    conversation,
    team: z
      .object({ id: z.uuid(), name: z.string() })
      .nullable()
      .meta({ description: "The team it moved to, named as it was then; null when it left its team for none." }),
    previous_team_id: z.uuid().nullable().meta({ description: "The team it was in before; null: none." }),
  }),
  "contact.opted_out": z.object({
    contact,
    opted_out_at: z.string().meta({ description: "When they opted out: the message's time for a stop word or a button." }),
    source: z.enum(["keyword", "button", "admin", "api"]).meta({
      description: "keyword: they wrote a stop word; button: they tapped an opt-out button; admin: set in Conversa.",
    }),
    reason: z.string().nullable().meta({ description: "Their words or the button's label, or the admin's note." }),
  }),
  "contact.opted_in": z.object({
    contact,
    previous_opted_out_at: z.string().nullable().meta({ description: "When they had opted out." }),
  }),
  "broadcast.started": z.object({ broadcast, state: z.literal("sending") }),
  "broadcast.completed": z.object({ broadcast, state: z.literal("completed") }),
} satisfies Record<WebhookEventType, z.ZodType>;

/** The envelope every delivery posts, the same for every type. */
export const eventEnvelope = <T extends z.ZodType>(type: string, data: T) =>
  z.object({
    id: z.uuid().meta({ description: "The event's id; also the Conversa-Webhook-Id header. Retries and replays keep it." }),
    type: z.literal(type),
    created_at: z.iso.datetime({ offset: true }).meta({ description: "When the change was committed." }),
    workspace_id: z.uuid(),
    data,
  });

export const testEventData = z.object({
  subscription_id: z.uuid(),
  message: z.string(),
});

export const EVENT_DESCRIPTIONS: Record<WebhookEventType | typeof TEST_EVENT_TYPE, string> = {
  ...WEBHOOK_EVENTS,
  [TEST_EVENT_TYPE]: "Sent by “Send test event” in Settings → API → Outbound webhooks, to that subscription only.",
};
