import { z } from "zod";
import { CONVERSATION_STATUSES } from "./conversation-status";

/**
 * The inbox's one filter model: what the list shows, what a saved view
 * stores, what "select all matching" acts on and what the API's list
 * accepts. Every field narrows (AND); a field left out does not filter.
 * It travels in the URL (`filterToSearchParams` / `parseFilterParams`) so
 * a filtered inbox can be shared as a link.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Custom field keys as src/lib/contact-fields.ts makes them. */
const FIELD_KEY = /^[a-z0-9_]{1,40}$/;

export const conversationFilter = z
  .object({
    /** Any of these statuses; left out: every status. */
    status: z.array(z.enum(CONVERSATION_STATUSES)).min(1).max(4).optional(),
    /** The caller ("me"), nobody ("none") or a member's id. */
    assignee: z.union([z.enum(["me", "none"]), z.uuid()]).optional(),
    /** A team's id, or "none": conversations without a team. */
    teamId: z.union([z.literal("none"), z.uuid()]).optional(),
    /** Conversations carrying any of these labels. */
    labelIds: z.array(z.uuid()).min(1).max(20).optional(),
    channelId: z.uuid().optional(),
    unread: z.literal(true).optional(),
    /** The AI assistant handed over, waiting for a person. */
    needsHuman: z.literal(true).optional(),
    /** Last message at or after / before these instants. */
    activeAfter: z.iso.datetime({ offset: true }).optional(),
    activeBefore: z.iso.datetime({ offset: true }).optional(),
    /** No message for at least this many days. */
    inactiveDays: z.int().min(1).max(3650).optional(),
    /** The contact's pipeline stage (its key), tag and one custom field's value. */
    leadStage: z.string().min(1).max(40).optional(),
    tag: z.string().min(1).max(50).optional(),
    field: z.object({ key: z.string().regex(FIELD_KEY), value: z.string().min(1).max(200) }).optional(),
  })
  .strict();

export type ConversationFilter = z.infer<typeof conversationFilter>;

/**
 * The inbox's former filter tabs, kept as presets: built-in views in the
 * sidebar ("resolved" is a status tab). Each is what its tab showed.
 */
export const INBOX_PRESETS = {
  all: { status: ["open"] },
  mine: { status: ["open"], assignee: "me" },
  unassigned: { status: ["open"], assignee: "none" },
  unread: { status: ["open"], unread: true },
  needs_human: { status: ["open"], needsHuman: true },
  resolved: { status: ["resolved"] },
} as const satisfies Record<string, ConversationFilter>;
export type InboxPreset = keyof typeof INBOX_PRESETS;

/** What the inbox shows when nothing is chosen. */
export const DEFAULT_FILTER: ConversationFilter = INBOX_PRESETS.all;

/** The presets the sidebar lists, in order (it names them through the catalogue). */
export const PRESET_VIEWS: { key: InboxPreset; filter: ConversationFilter }[] = [
  { key: "all", filter: INBOX_PRESETS.all },
  { key: "mine", filter: INBOX_PRESETS.mine },
  { key: "unassigned", filter: INBOX_PRESETS.unassigned },
  { key: "unread", filter: INBOX_PRESETS.unread },
  { key: "needs_human", filter: INBOX_PRESETS.needs_human },
];

/** A bulk action on "all matching" beyond this many conversations asks first (there is no undo). */
export const BULK_CONFIRM_ABOVE = 100;

type SearchParams = URLSearchParams | Record<string, string | string[] | undefined>;

function read(params: SearchParams, name: string): string | undefined {
  const value = params instanceof URLSearchParams ? (params.get(name) ?? undefined) : params[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

const list = (value: string | undefined) => (value ? [...new Set(value.split(",").map((v) => v.trim()))].filter(Boolean) : []);
const keep = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};
const shape = conversationFilter.shape;

/**
 * The filter a URL names. Lenient, field by field: a malformed part (a
 * hand-edited link, an id that no longer exists is fine) is dropped rather
 * than failing the page. `status=any` means every status.
 */
export function parseFilterParams(params: SearchParams): ConversationFilter {
  const statuses = list(read(params, "status"));
  const labels = list(read(params, "label")).filter((id) => UUID.test(id));
  const fieldKey = read(params, "field");
  const inactive = Number(read(params, "inactive"));
  const filter: ConversationFilter = {
    status: statuses.includes("any") ? undefined : (keep(shape.status, statuses) ?? DEFAULT_FILTER.status),
    assignee: keep(shape.assignee, read(params, "assignee")),
    teamId: keep(shape.teamId, read(params, "team")),
    labelIds: keep(shape.labelIds, labels),
    channelId: keep(shape.channelId, read(params, "channel")),
    unread: read(params, "unread") === "1" ? true : undefined,
    needsHuman: read(params, "needs_human") === "1" ? true : undefined,
    activeAfter: keep(shape.activeAfter, read(params, "after")),
    activeBefore: keep(shape.activeBefore, read(params, "before")),
    inactiveDays: keep(shape.inactiveDays, inactive),
    leadStage: keep(shape.leadStage, read(params, "stage")),
    tag: keep(shape.tag, read(params, "tag")),
    field: keep(shape.field, fieldKey ? { key: fieldKey, value: read(params, "value") } : undefined),
  };
  return compactFilter(filter);
}

/** The URL query of a filter (without "?"), the inverse of `parseFilterParams`. */
export function filterToSearchParams(filter: ConversationFilter): URLSearchParams {
  const params = new URLSearchParams();
  params.set("status", filter.status?.join(",") ?? "any");
  if (filter.assignee) params.set("assignee", filter.assignee);
  if (filter.teamId) params.set("team", filter.teamId);
  if (filter.labelIds) params.set("label", filter.labelIds.join(","));
  if (filter.channelId) params.set("channel", filter.channelId);
  if (filter.unread) params.set("unread", "1");
  if (filter.needsHuman) params.set("needs_human", "1");
  if (filter.activeAfter) params.set("after", filter.activeAfter);
  if (filter.activeBefore) params.set("before", filter.activeBefore);
  if (filter.inactiveDays) params.set("inactive", String(filter.inactiveDays));
  if (filter.leadStage) params.set("stage", filter.leadStage);
  if (filter.tag) params.set("tag", filter.tag);
  if (filter.field) {
    params.set("field", filter.field.key);
    params.set("value", filter.field.value);
  }
  return params;
}

/** The filter without its unset fields, so equal filters compare (and serialise) equal. */
export function compactFilter(filter: ConversationFilter): ConversationFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as ConversationFilter;
}

export const sameFilter = (a: ConversationFilter, b: ConversationFilter) =>
  filterToSearchParams(a).toString() === filterToSearchParams(b).toString();

/** How many fields beyond the status narrow the list (the filter bar's badge). */
export const refinementCount = (filter: ConversationFilter) => Object.keys(compactFilter(filter)).filter((key) => key !== "status").length;
