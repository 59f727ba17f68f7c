/** The contact list's filters and sort as they travel in the URL (?status=…&sort=name&dir=asc). */

export const CONTACT_SORT_KEYS = ["last_activity", "name", "score", "created"] as const;
export type ContactSortKey = (typeof CONTACT_SORT_KEYS)[number];

export interface ContactListParams {
  search?: string;
  /** Stage keys (the URL carries one). */
  statuses?: string[];
  tag?: string;
  /** A member's id, or "none" for contacts nobody owns. */
  owner?: string;
  /** Last activity on or after this day / before the end of this day (YYYY-MM-DD, UTC). */
  activeFrom?: string;
  activeTo?: string;
  /** Our message was the last one, and it is at least this many days old. */
  noReplyDays?: number;
  sort: ContactSortKey;
  direction: "asc" | "desc";
}

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
const isDay = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lenient: anything malformed in the URL is dropped rather than failing the page. */
export function parseContactParams(params: SearchParams): ContactListParams {
  const sort = CONTACT_SORT_KEYS.find((s) => s === first(params.sort)) ?? "last_activity";
  const direction =
    first(params.dir) === "asc" || first(params.dir) === "desc" ? (first(params.dir) as "asc" | "desc") : sort === "name" ? "asc" : "desc";
  const status = first(params.status);
  const owner = first(params.owner);
  const noReply = Number(first(params.noreply));
  return {
    search: first(params.q)?.slice(0, 100),
    statuses: status ? [status.slice(0, 40)] : undefined,
    tag: first(params.tag)?.slice(0, 50),
    owner: owner === "none" || (owner && UUID.test(owner)) ? owner : undefined,
    activeFrom: isDay(first(params.from)),
    activeTo: isDay(first(params.to)),
    noReplyDays: Number.isInteger(noReply) && noReply > 0 && noReply <= 3650 ? noReply : undefined,
    sort,
    direction,
  };
}

/** The URL query of a list, for links (sort headers) that keep the other filters. */
export function contactListQuery(params: ContactListParams): string {
  const query = new URLSearchParams();
  if (params.search) query.set("q", params.search);
  if (params.statuses?.[0]) query.set("status", params.statuses[0]);
  if (params.tag) query.set("tag", params.tag);
  if (params.owner) query.set("owner", params.owner);
  if (params.activeFrom) query.set("from", params.activeFrom);
  if (params.activeTo) query.set("to", params.activeTo);
  if (params.noReplyDays) query.set("noreply", String(params.noReplyDays));
  if (params.sort !== "last_activity") query.set("sort", params.sort);
  query.set("dir", params.direction);
  return query.toString();
}

export function hasFilters(params: ContactListParams): boolean {
  return Boolean(
    params.search || params.statuses?.length || params.tag || params.owner || params.activeFrom || params.activeTo || params.noReplyDays,
  );
}
