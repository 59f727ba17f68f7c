import { z } from "zod";

/** What a broadcast and each of its recipients can be, in funnel order. */
export const BROADCAST_STATES = ["draft", "scheduled", "sending", "paused", "completed", "cancelled"] as const;
export type BroadcastState = (typeof BROADCAST_STATES)[number];

export const RECIPIENT_STATES = ["queued", "sent", "delivered", "read", "replied", "failed", "skipped"] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

export const SKIP_REASONS = {
  opted_out: "Opted out",
  no_phone: "No phone number",
  invalid_number: "Not a phone number",
  limit: "WhatsApp's per-user limit",
  cancelled: "Broadcast cancelled",
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

export type RecipientCounts = Record<RecipientState, number> & { total: number };

export const emptyCounts = (): RecipientCounts => ({
  total: 0,
  queued: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  replied: 0,
  failed: 0,
  skipped: 0,
});

/**
 * The funnel's steps: how many recipients got at least this far (a read
 * message was sent and delivered; a reply was read).
 */
export function funnel(counts: RecipientCounts) {
  const replied = counts.replied;
  const read = counts.read + replied;
  const delivered = counts.delivered + read;
  const sent = counts.sent + delivered;
  const queued = counts.queued + sent + counts.failed;
  return [
    { step: "Queued", count: queued },
    { step: "Sent", count: sent },
    { step: "Delivered", count: delivered },
    { step: "Read", count: read },
    { step: "Replied", count: replied },
  ];
}

/** Recipients whose message has gone as far as it will (or who were never sent one), out of all. */
export const finishedCount = (counts: RecipientCounts) => counts.total - counts.queued;

/** Contact fields a template placeholder can be filled from. */
export const CONTACT_PARAMETER_FIELDS = {
  name: "Name",
  first_name: "First name",
  phone: "Phone number",
  email: "Email",
} as const;
export type ContactParameterField = keyof typeof CONTACT_PARAMETER_FIELDS;

// WhatsApp refuses an empty parameter: a contact without the value gets the fallback.
const fallback = z.string().trim().min(1, "validation.giveFallback").max(200);

/** Where one placeholder's value comes from; a contact's empty field takes the fallback. */
export const parameterSource = z.discriminatedUnion("source", [
  z.object({
    source: z.literal("contact"),
    field: z.enum(Object.keys(CONTACT_PARAMETER_FIELDS) as [ContactParameterField, ...ContactParameterField[]]),
    fallback,
  }),
  z.object({ source: z.literal("custom"), key: z.string().regex(/^[a-z0-9][a-z0-9_]{0,39}$/), fallback }),
  z.object({ source: z.literal("literal"), value: z.string().trim().min(1, "validation.writePlaceholderText").max(200) }),
]);
export type ParameterSource = z.infer<typeof parameterSource>;

/** Keyed by placeholder: "body.1", "header.1". */
export const parameterMapping = z.record(z.string().regex(/^(body|header)\.\d{1,2}$/), parameterSource);
export type ParameterMapping = z.infer<typeof parameterMapping>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "A date as YYYY-MM-DD");

/** The saved contact filter of an audience: every part given must hold (tags: any of them). */
export const audienceFilter = z.object({
  tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  statuses: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  /** A member's id, or "none" for contacts nobody owns. */
  owner: z.union([z.uuid(), z.literal("none")]).optional(),
  activeFrom: day.optional(),
  activeTo: day.optional(),
  createdFrom: day.optional(),
  createdTo: day.optional(),
  /** Custom fields equal to a value (compared as text). */
  custom: z
    .array(z.object({ key: z.string().regex(/^[a-z0-9][a-z0-9_]{0,39}$/), value: z.string().trim().max(200) }))
    .max(10)
    .optional(),
});
export type AudienceFilter = z.infer<typeof audienceFilter>;

/** What a contact offers to the placeholders. */
export interface ParameterContact {
  name: string | null;
  phone_e164: string | null;
  email: string | null;
  custom_attributes: Record<string, unknown>;
}

function contactValue(contact: ParameterContact, field: ContactParameterField): string {
  switch (field) {
    case "name":
      return contact.name ?? "";
    case "first_name":
      return contact.name?.trim().split(/\s+/)[0] ?? "";
    case "phone":
      return contact.phone_e164 ?? "";
    case "email":
      return contact.email ?? "";
  }
}

/** One recipient's parameter values ("body.1" → "Siti"); a contact that is not known (a CSV number) has only fallbacks. */
export function resolveParameters(mapping: ParameterMapping, contact: ParameterContact | null): Record<string, string> {
  return Object.fromEntries(
    Object.entries(mapping).map(([slot, source]) => {
      if (source.source === "literal") return [slot, source.value];
      const raw = !contact
        ? ""
        : source.source === "contact"
          ? contactValue(contact, source.field)
          : String(contact.custom_attributes[source.key] ?? "");
      return [slot, raw.trim() || source.fallback];
    }),
  );
}
