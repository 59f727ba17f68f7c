import "server-only";
import { z } from "zod";
import { audienceFilter, BROADCAST_STATES, parameterMapping } from "@/lib/broadcasts";
import { CONVERSATION_STATUSES } from "@/lib/conversation-status";
import { LABEL_COLORS } from "@/lib/label-colors";
import { LEAD_STATUSES } from "@/lib/lead-status";
import { MEDIA_RULES, type MediaKind } from "@/lib/whatsapp-media";

/**
 * The API's wire shapes. Handlers validate with these and the OpenAPI
 * document is generated from them, so the two cannot drift apart.
 */

const timestamp = z.iso.datetime({ offset: true }).meta({ description: "ISO 8601 timestamp" });
const uuid = z.uuid();

export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(["invalid", "unauthenticated", "forbidden", "not_found", "conflict", "payload_too_large", "rate_limited", "internal"]),
      message: z.string().meta({ description: "Written for people; safe to show." }),
      details: z
        .record(z.string(), z.unknown())
        .nullable()
        .meta({ description: "Machine-readable facts: `issues` (field, message) for invalid input, `retry_after`, `reason`." }),
    }),
  })
  .meta({ id: "Error" });

export const idParams = z.object({ id: uuid });

const limit = z.coerce.number().int().min(1).max(100).default(50).meta({ description: "Page size (1–100, default 50)." });
const cursor = z.string().max(500).optional().meta({ description: "`next_cursor` of the previous page." });
const updatedSince = z.iso.datetime({ offset: true }).optional().meta({ description: "Only rows changed at or after this time." });
/** The statuses before triage (`active`, `archived`): still accepted as filters for one version. */
const DEPRECATED_STATUSES = ["active", "archived"] as const;
const booleanText = z.enum(["true", "false"]).transform((value) => value === "true");

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  });

// ---------------------------------------------------------------------------
// Contacts
// ---------------------------------------------------------------------------
export const leadStatus = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .meta({ description: `The key of a stage of the workspace's pipeline (by default ${LEAD_STATUSES.join(", ")}).` });
const customAttributes = z
  .record(z.string().min(1).max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]))
  .refine((value) => Object.keys(value).length <= 50, "at most 50 attributes")
  .meta({
    description:
      "Merged into the contact's attributes key by key; a null value removes that key. Keys are the workspace's contact fields; values are checked against the field's type.",
  });
const tags = z.array(z.string().trim().min(1).max(50)).max(50);

export const contact = z
  .object({
    id: uuid,
    phone: z.string().nullable().meta({ description: "E.164, e.g. +6281234567890" }),
    wa_id: z.string().nullable(),
    name: z.string().nullable(),
    profile_name: z.string().nullable().meta({ description: "The name the customer set in WhatsApp." }),
    email: z.string().nullable(),
    lead_status: leadStatus,
    lead_score: z.number().int(),
    tags: z.array(z.string()),
    custom_attributes: z.record(z.string(), z.unknown()),
    source: z.string(),
    created_at: timestamp,
    updated_at: timestamp,
    last_activity_at: timestamp,
    kapso_conversation_id: z
      .string()
      .nullable()
      .meta({ description: "The first Kapso conversation this contact was seen in (numbers on Kapso); kept when later ones start." }),
    kapso_conversation_url: z.string().nullable().meta({ description: "That conversation in Kapso's inbox." }),
  })
  .meta({ id: "Contact" });
export type ApiContact = z.infer<typeof contact>;

export const phoneQuery = z.object({
  phone: z.string().min(1).max(40).meta({ description: "Any written form: +62 812-3456-7890, 0812…, 62812…" }),
});

export const contactListQuery = z.object({
  cursor,
  limit,
  search: z.string().trim().min(1).max(100).optional().meta({ description: "Part of the name or phone number." }),
  tag: z.string().trim().min(1).max(50).optional(),
  lead_status: leadStatus.optional(),
  updated_since: updatedSince,
});

export const contactInput = z.object({
  phone: z.string().min(1).max(40).meta({ description: "Any written form; stored canonical (E.164)." }),
  name: z.string().trim().max(200).nullable().optional(),
  email: z.email().max(320).nullable().optional(),
  tags: tags.optional().meta({ description: "Replaces the contact's tags." }),
  lead_status: leadStatus.optional(),
  custom_attributes: customAttributes.optional(),
});

export const contactPatch = contactInput
  .omit({ phone: true })
  .refine((value) => Object.keys(value).length > 0, "send at least one field to change");

// ---------------------------------------------------------------------------
// Conversations and messages
// ---------------------------------------------------------------------------
export const label = z
  .object({
    id: uuid,
    name: z.string(),
    color: z.enum(LABEL_COLORS),
    description: z.string().nullable(),
  })
  .meta({ id: "Label" });

export const labelInput = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(50)
      .refine((name) => !name.includes(","), "no commas"),
    color: z.enum(LABEL_COLORS).default("slate"),
    description: z.string().trim().max(200).nullish(),
  })
  .strict();

export const labelList = z.object({ data: z.array(label) });

/** Label ids for a conversation: in the body (POST) or the query (DELETE, comma-separated). */
export const conversationLabelsInput = z.object({ label_ids: z.array(uuid).min(1).max(20) }).strict();
export const conversationLabelsQuery = z.object({
  label_ids: z
    .string()
    .transform((value) => value.split(","))
    .pipe(z.array(uuid).min(1).max(20))
    .meta({ description: "Comma-separated label ids." }),
});

const conversationLabel = z.object({ id: uuid, name: z.string(), color: z.enum(LABEL_COLORS) });
export const conversationLabels = z.object({ data: z.array(conversationLabel) });

export const conversation = z
  .object({
    id: uuid,
    status: z.enum(CONVERSATION_STATUSES),
    snoozed_until: timestamp.nullable().meta({ description: "When a snoozed conversation comes back (null unless snoozed)." }),
    resolved_at: timestamp.nullable().meta({ description: "When it was resolved (null unless resolved)." }),
    contact: z.object({ id: uuid, name: z.string().nullable(), phone: z.string().nullable() }),
    channel_id: uuid,
    assigned_to: uuid.nullable(),
    team_id: uuid.nullable().meta({ description: "The team the conversation belongs to (GET /api/v1/teams); null: none." }),
    unread_count: z.number().int(),
    last_message_at: timestamp.nullable(),
    last_message_preview: z.string().nullable(),
    last_message_direction: z.enum(["inbound", "outbound"]).nullable(),
    window_expires_at: timestamp
      .nullable()
      .meta({ description: "End of WhatsApp's 24-hour window for free-form messages; null or past: templates only." }),
    needs_human: z.boolean(),
    created_at: timestamp,
    updated_at: timestamp,
    kapso_conversation_id: z
      .string()
      .nullable()
      .meta({ description: "The latest Kapso conversation of this thread (numbers on Kapso); Kapso starts a new one after one ends." }),
    kapso_conversation_url: z.string().nullable().meta({ description: "That conversation in Kapso's inbox." }),
    labels: z.array(conversationLabel).meta({ description: "The conversation's labels (not the contact's tags), by name." }),
  })
  .meta({ id: "Conversation" });
export type ApiConversation = z.infer<typeof conversation>;

export const conversationPatch = z
  .object({
    status: z.enum(CONVERSATION_STATUSES).optional(),
    snoozed_until: timestamp.optional().meta({ description: "With `snoozed` only, and required there: when it comes back." }),
    team_id: uuid
      .nullable()
      .optional()
      .meta({ description: "Moves it to this team (null: none). Unassigned, it joins the team's queue (auto-assigned if the team does)." }),
    assigned_to: uuid
      .nullable()
      .optional()
      .meta({ description: "Assigns it to this member (a user id, see GET /api/v1/teams' member_ids), or null to unassign." }),
  })
  .refine((value) => Object.keys(value).length > 0, "send at least one field to change")
  .refine((value) => (value.status === "snoozed") === (value.snoozed_until !== undefined), {
    message: "snoozed_until goes with status snoozed, and only with it",
    path: ["snoozed_until"],
  });

export const team = z
  .object({
    id: uuid,
    name: z.string(),
    description: z.string().nullable(),
    auto_assign: z.boolean().meta({ description: "New conversations are assigned round-robin among its online members." }),
    assignment_cap: z
      .number()
      .int()
      .nullable()
      .meta({ description: "Most open and pending conversations auto-assignment gives one member; null: no cap." }),
    member_ids: z.array(uuid).meta({ description: "The user ids of its members (assigned_to of conversations)." }),
  })
  .meta({ id: "Team" });
export type ApiTeam = z.infer<typeof team>;

export const conversationListQuery = z.object({
  cursor,
  limit,
  status: z
    .enum([...CONVERSATION_STATUSES, ...DEPRECATED_STATUSES])
    .transform((status) => (status === "active" ? "open" : status === "archived" ? "resolved" : status))
    .optional()
    .meta({ description: "`active` and `archived` are deprecated spellings of `open` and `resolved`, accepted until the next version." }),
  assignee: z
    .union([uuid, z.literal("none")])
    .optional()
    .meta({ description: "A member's user id, or `none` for unassigned." }),
  unread: booleanText.optional(),
  channel: uuid.optional().meta({ description: "A WhatsApp number's channel id." }),
  label: uuid.optional().meta({ description: "Only conversations carrying this label." }),
  team: z
    .union([uuid, z.literal("none")])
    .optional()
    .meta({ description: "Only conversations of this team (GET /api/v1/teams), or `none` for those without a team." }),
  updated_since: updatedSince,
});

export const message = z
  .object({
    id: uuid,
    conversation_id: uuid,
    wamid: z.string().nullable(),
    direction: z.enum(["inbound", "outbound"]),
    type: z.string(),
    body: z.string().nullable(),
    status: z.enum(["pending", "sent", "delivered", "read", "failed"]),
    sender_type: z.enum(["customer", "agent", "ai", "business_app", "api", "system"]),
    sent_at: timestamp,
    media: z.object({ mime_type: z.string().nullable(), filename: z.string().nullable() }).nullable(),
    error: z.record(z.string(), z.unknown()).nullable(),
    content: z.record(z.string(), z.unknown()).meta({ description: "The WhatsApp message object, kept whole." }),
  })
  .meta({ id: "Message" });
export type ApiMessage = z.infer<typeof message>;

export const messageListQuery = z.object({ cursor, limit });

const recipient = {
  contact_id: uuid.optional(),
  conversation_id: uuid.optional().meta({ description: "Answer in this conversation (its contact, on its WhatsApp number)." }),
  phone: z.string().min(1).max(40).optional().meta({ description: "Any written form; a new number becomes a contact." }),
  channel_id: uuid.optional().meta({ description: "Which WhatsApp number sends; needed only when the workspace has several." }),
};

export const sendMessageInput = z
  .discriminatedUnion("type", [
    z.object({ ...recipient, type: z.literal("text"), text: z.string().trim().min(1).max(4096) }),
    z.object({
      ...recipient,
      type: z.literal("template"),
      template: z.object({
        name: z.string().min(1).max(512),
        language: z.string().min(2).max(15),
        parameters: z
          .object({ header: z.array(z.string().min(1)).optional(), body: z.array(z.string().min(1)).optional() })
          .optional()
          .meta({ description: "Values for {{1}}, {{2}}… of the template's header and body, in order." }),
      }),
    }),
    z.object({
      ...recipient,
      type: z.literal("media"),
      media: z.object({
        kind: z.enum(Object.keys(MEDIA_RULES) as [MediaKind, ...MediaKind[]]),
        url: z.url({ protocol: /^https$/ }).meta({ description: "Public HTTPS link WhatsApp downloads the file from." }),
        caption: z.string().max(1024).optional(),
        filename: z.string().max(240).optional(),
      }),
    }),
  ])
  .refine((input) => [input.contact_id, input.phone, input.conversation_id].filter((value) => value !== undefined).length === 1, {
    message: "send exactly one of contact_id, phone and conversation_id",
    path: ["contact_id"],
  });
export type SendMessageInput = z.infer<typeof sendMessageInput>;

/**
 * The body of the compatibility contract's POST /api/messages/send, as CRMs
 * built on Kapso or 360dialog send it: `conversationId` for
 * `conversation_id`, and `type` optional (a `template` or `media` says
 * which; else text). Renamed, then validated by sendMessageInput itself,
 * so both paths accept and refuse the same sends.
 */
export const compatSendMessageInput = z
  .looseObject({
    conversationId: z
      .unknown()
      .optional()
      .meta({ description: "The conversation to answer in: conversation_id of POST /api/v1/messages." }),
    type: z
      .unknown()
      .optional()
      .meta({ description: "Optional here: `template` when a template is given, `media` when media is, else `text`." }),
  })
  .transform(({ conversationId, ...body }) => ({
    ...body,
    ...(conversationId === undefined ? {} : { conversation_id: conversationId }),
    type: body.type ?? (body.template !== undefined ? "template" : body.media !== undefined ? "media" : "text"),
  }))
  .pipe(sendMessageInput)
  .meta({ description: "The body of POST /api/v1/messages, with `conversationId` accepted for `conversation_id` and `type` optional." });

export const messageAccepted = z
  .object({
    id: uuid,
    status: z.literal("pending"),
    conversation_id: uuid,
    contact_id: uuid,
  })
  .meta({ id: "MessageAccepted" });

export const idempotencyKey = z.string().min(1).max(200);

// ---------------------------------------------------------------------------
// Broadcasts
// ---------------------------------------------------------------------------
const recipientCounts = z
  .object({
    total: z.number().int(),
    queued: z.number().int().meta({ description: "Not sent yet (or on its way to WhatsApp)." }),
    sent: z.number().int(),
    delivered: z.number().int(),
    read: z.number().int(),
    replied: z.number().int(),
    failed: z.number().int(),
    skipped: z
      .number()
      .int()
      .meta({ description: "Never sent: opted out, no phone number, not a number, WhatsApp's per-user limit, or cancelled." }),
  })
  .meta({ description: "Recipients by where they are now: each is counted once, at its furthest state." });

export const broadcast = z
  .object({
    id: uuid,
    name: z.string(),
    state: z.enum(BROADCAST_STATES),
    channel_id: uuid,
    template: z.object({ name: z.string(), language: z.string() }),
    scheduled_at: timestamp.nullable(),
    started_at: timestamp.nullable(),
    completed_at: timestamp.nullable(),
    cancelled_at: timestamp.nullable(),
    created_at: timestamp,
    duplicates: z
      .number()
      .int()
      .meta({ description: "Numbers given more than once (in the list, or also in the filter's contacts): sent once." }),
    counts: recipientCounts,
  })
  .meta({ id: "Broadcast" });
export type ApiBroadcast = z.infer<typeof broadcast>;

export const broadcastListQuery = z.object({ cursor, limit, state: z.enum(BROADCAST_STATES).optional() });

export const broadcastInput = z.object({
  name: z.string().trim().min(1).max(120),
  channel_id: uuid.meta({ description: "The WhatsApp number it is sent from." }),
  template_id: uuid.meta({ description: "An APPROVED template of that number's WhatsApp account." }),
  parameters: parameterMapping.default({}).meta({
    description:
      'Per placeholder ("body.1", "header.1"): `{"source": "contact", "field": "name"|"first_name"|"phone"|"email", "fallback"}`, ' +
      '`{"source": "custom", "key", "fallback"}` (a custom field) or `{"source": "literal", "value"}`.',
  }),
  audience: z
    .object({
      filter: audienceFilter.optional().meta({ description: "Contacts matching all given parts ({} is every contact)." }),
      phones: z
        .array(z.string().max(40))
        .max(100_000)
        .optional()
        .meta({ description: "Numbers in any written form; unknown ones become contacts." }),
    })
    .refine((a) => a.filter !== undefined || (a.phones?.length ?? 0) > 0, "give a filter, phones, or both"),
  send_at: timestamp.optional().meta({ description: "When to start; omitted: now." }),
  header_media: z
    .object({
      filename: z.string().trim().min(1).max(240),
      mime_type: z
        .string()
        .max(120)
        .meta({ description: "IMAGE: image/jpeg or image/png; VIDEO: video/mp4 or video/3gpp; DOCUMENT: PDF, Office, text or CSV." }),
      data: z.base64().meta({ description: "The file, base64 (the request body is limited to 1 MB)." }),
    })
    .optional()
    .meta({
      description:
        "Required for a template with an IMAGE, VIDEO or DOCUMENT header, refused otherwise: the file every recipient's header shows, uploaded to WhatsApp once.",
    }),
});
// Templates
// ---------------------------------------------------------------------------
export const templateListQuery = z.object({
  cursor,
  limit,
  channel: uuid.optional().meta({ description: "A WhatsApp number's channel id: the templates of its WhatsApp Business Account." }),
  status: z
    .string()
    .trim()
    .regex(/^[A-Za-z_]{1,40}$/)
    .optional()
    .meta({ description: "Meta's review status: APPROVED, PENDING, REJECTED, PAUSED, DISABLED… (any case)." }),
});

export const template = z
  .object({
    id: uuid,
    name: z.string(),
    language: z.string(),
    category: z.string().nullable().meta({ description: "MARKETING, UTILITY or AUTHENTICATION." }),
    status: z.string().meta({ description: "Meta's review status, upper case." }),
    quality: z.string().nullable().meta({ description: "Meta's quality rating: GREEN, YELLOW, RED or UNKNOWN." }),
    rejection_reason: z.string().nullable(),
    parameter_format: z.enum(["POSITIONAL", "NAMED"]),
    components: z
      .array(z.record(z.string(), z.unknown()))
      .meta({ description: "Header, body, footer and buttons, as Meta describes them." }),
    parameters: z
      .array(
        z.object({
          component: z.enum(["header", "body", "button"]),
          key: z.string(),
          id: z.string().meta({ description: "`body.1`, `header.first_name`, `button.0.1`." }),
          example: z.string().nullable(),
        }),
      )
      .meta({ description: "The values a send must fill in, with Meta's examples." }),
    channel_id: uuid.nullable().meta({ description: "The number it was last synced or submitted through." }),
    synced_at: timestamp.nullable(),
    updated_at: timestamp,
  })
  .meta({ id: "Template" });
export type ApiTemplate = z.infer<typeof template>;
