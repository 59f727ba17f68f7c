import type { ConversationFilter } from "@/lib/conversation-filter";
import type { ConversationListItem, ConversationPage } from "@/server/inbox/queries";
import type { LiveEvent } from "@/server/realtime/live-events";

/** A pushed change to the list: a row's new state, or a row this member may no longer see. */
export type ListChange = Extract<LiveEvent, { kind: "conversation" } | { kind: "gone" }>;

/** Newest activity first; ties by arrival (last_message_seq), as the list query orders them. */
export function newerFirst(a: ConversationListItem, b: ConversationListItem): number {
  if (a.last_message_at !== b.last_message_at) return a.last_message_at > b.last_message_at ? -1 : 1;
  // Decimal strings of bigints: the longer is larger.
  const [x, y] = [a.last_message_seq, b.last_message_seq];
  if (x.length !== y.length) return y.length - x.length;
  return x === y ? 0 : x > y ? -1 : 1;
}

/**
 * Whether a pushed row belongs in a list showing `filter` and `search`, as
 * filterCondition (src/server/inbox/queries.ts) would decide; null when the
 * row alone cannot tell (a search, or a filter on the contact's fields):
 * then the list asks the server.
 */
export function matchesQuery(
  c: ConversationListItem,
  query: { filter: ConversationFilter; search: string },
  userId: string,
  now: Date,
): boolean | null {
  const f = query.filter;
  if (query.search || f.leadStage || f.tag || f.field) return null;
  const assignee = f.assignee === "me" ? userId : f.assignee === "none" ? null : f.assignee;
  const at = Date.parse(c.last_message_at);
  return (
    (!f.status || f.status.includes(c.status)) &&
    (f.assignee === undefined || c.assigned_to === assignee) &&
    (!f.teamId || c.team_id === f.teamId) &&
    (!f.labelIds || c.labels.some((l) => f.labelIds?.includes(l.id))) &&
    (!f.channelId || c.channel_id === f.channelId) &&
    (!f.unread || c.unread_count > 0 || !c.is_read) &&
    (!f.needsHuman || c.needs_human) &&
    (!f.activeAfter || at >= Date.parse(f.activeAfter)) &&
    (!f.activeBefore || at < Date.parse(f.activeBefore)) &&
    (!f.inactiveDays || at < now.getTime() - f.inactiveDays * 86_400_000)
  );
}

/**
 * The list with one pushed row applied: out if it no longer matches, else
 * in its place by order. Below the last loaded row, while more pages
 * remain, it is left for "load more" to bring (the cursor still precedes
 * it), so nothing shows twice or out of order.
 */
export function applyRow(items: ConversationListItem[], row: ConversationListItem, matches: boolean, morePages: boolean) {
  const rest = items.filter((c) => c.id !== row.id);
  if (!matches) return rest.length === items.length ? items : rest;
  const at = rest.findIndex((c) => newerFirst(row, c) < 0);
  if (at === -1) return morePages ? rest : [...rest, row];
  return [...rest.slice(0, at), row, ...rest.slice(at)];
}

/**
 * The list with pushed changes applied in order. A row the browser cannot
 * place (matchesQuery says null) is left as it is: the list asks the server.
 */
export function applyChanges(
  items: ConversationListItem[],
  changes: ListChange[],
  query: { filter: ConversationFilter; search: string },
  userId: string,
  morePages: boolean,
): ConversationListItem[] {
  const now = new Date();
  return changes.reduce((list, change) => {
    if (change.kind === "gone") return list.filter((c) => c.id !== change.id);
    const matches = matchesQuery(change.conversation, query, userId, now);
    return matches === null ? list : applyRow(list, change.conversation, matches, morePages);
  }, items);
}

/**
 * Refreshed first page merged with what was loaded below it (a resync):
 * rows loaded below the page's end stay; anything the page now holds is
 * taken from the page.
 */
export function mergeFirstPage(fresh: ConversationPage, loaded: ConversationListItem[]): ConversationListItem[] {
  const freshIds = new Set(fresh.items.map((c) => c.id));
  const boundary = fresh.items.at(-1);
  if (!fresh.nextCursor || !boundary) return fresh.items;
  const rest = loaded.filter((c) => !freshIds.has(c.id) && newerFirst(boundary, c) < 0);
  return [...fresh.items, ...rest];
}
