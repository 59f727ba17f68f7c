import { describe, expect, it } from "vitest";
import { applyChanges, applyRow, matchesQuery, mergeFirstPage, newerFirst } from "@/components/inbox/live-list";
import type { ConversationListItem } from "@/server/inbox/queries";

const row = (id: string, at: string, seq: string, extra: Partial<ConversationListItem> = {}): ConversationListItem => ({
  id,
  contact_name: id,
  phone_e164: null,
  status: "open",
  unread_count: 0,
  is_read: true,
  last_message_at: `2026-12-05T10:00:${at}.000000Z`,
  last_message_seq: seq,
  last_message_preview: null,
  last_message_direction: "inbound",
  last_message_type: "text",
  last_message_status: null,
  channel_id: "ch",
  assigned_to: null,
  team_id: null,
  needs_human: false,
  needs_human_reason: null,
  ai_paused: false,
  snoozed_until: null,
  labels: [],
  ...extra,
});

const ids = (items: ConversationListItem[]) => items.map((c) => c.id);
const open = { filter: { status: ["open" as const] }, search: "" };

describe("merging pushed rows into the list", () => {
  it("orders by time, then by arrival (a longer sequence number is a larger one)", () => {
    expect([row("a", "01", "9"), row("b", "01", "10"), row("c", "02", "1")].sort(newerFirst).map((c) => c.id)).toEqual(["c", "b", "a"]);
  });

  it("moves a changed row to its place, and puts a new one where it arrived", () => {
    const list = [row("a", "05", "5"), row("b", "04", "4"), row("c", "03", "3")];
    expect(ids(applyRow(list, row("c", "06", "6"), true, false))).toEqual(["c", "a", "b"]);
    // Same second as "a", arrived later: above it.
    expect(ids(applyRow(list, row("d", "05", "7"), true, false))).toEqual(["d", "a", "b", "c"]);
  });

  it("drops a row that no longer matches, and leaves one below the loaded rows to the next page", () => {
    const list = [row("a", "05", "5"), row("b", "04", "4")];
    expect(ids(applyRow(list, row("a", "06", "8", { status: "resolved" }), false, false))).toEqual(["b"]);
    expect(ids(applyRow(list, row("z", "01", "1"), true, true))).toEqual(["a", "b"]);
    expect(ids(applyRow(list, row("z", "01", "1"), true, false))).toEqual(["a", "b", "z"]);
  });

  it("decides the filter as the server does, and says when it cannot", () => {
    const me = "u1";
    const now = new Date("2026-12-05T12:00:00Z");
    expect(matchesQuery(row("a", "01", "1"), open, me, now)).toBe(true);
    expect(matchesQuery(row("a", "01", "1", { status: "snoozed" }), open, me, now)).toBe(false);
    const mine = { filter: { status: ["open" as const], assignee: "me", unread: true as const }, search: "" };
    expect(matchesQuery(row("a", "01", "1", { assigned_to: me, unread_count: 1, is_read: false }), mine, me, now)).toBe(true);
    expect(matchesQuery(row("a", "01", "1", { assigned_to: me }), mine, me, now)).toBe(false);
    expect(matchesQuery(row("a", "01", "1", { assigned_to: null, unread_count: 2 }), mine, me, now)).toBe(false);
    const unassigned = { filter: { assignee: "none" }, search: "" };
    expect(matchesQuery(row("a", "01", "1"), unassigned, me, now)).toBe(true);
    const labelled = { filter: { labelIds: ["l1"] }, search: "" };
    expect(matchesQuery(row("a", "01", "1", { labels: [{ id: "l1", name: "VIP", color: "red" }] }), labelled, me, now)).toBe(true);
    expect(matchesQuery(row("a", "01", "1"), labelled, me, now)).toBe(false);
    expect(matchesQuery(row("a", "01", "1"), { filter: {}, search: "budi" }, me, now)).toBeNull();
    expect(matchesQuery(row("a", "01", "1"), { filter: { tag: "vip" }, search: "" }, me, now)).toBeNull();
  });

  it("keeps what was pushed while a first page travelled: a page read before a change does not undo it", () => {
    const shown = [row("new", "09", "9"), row("a", "05", "5"), row("b", "04", "4")];
    // The resync's page was read just before "new" arrived and "b" was resolved; both were pushed while it travelled.
    const page = { items: [row("a", "05", "5"), row("b", "04", "4")], nextCursor: null };
    const pushedMeanwhile = [
      { kind: "conversation" as const, conversation: row("new", "09", "9") },
      { kind: "conversation" as const, conversation: row("b", "06", "10", { status: "resolved" }) },
    ];
    expect(ids(mergeFirstPage(page, shown))).toEqual(["a", "b"]);
    expect(ids(applyChanges(mergeFirstPage(page, shown), pushedMeanwhile, open, "u1", false))).toEqual(["new", "a"]);
    expect(ids(applyChanges(page.items, [{ kind: "gone", id: "a" }], open, "u1", false))).toEqual(["b"]);
  });

  it("keeps rows loaded below a refreshed first page, and leaves a row it cannot place to the server", () => {
    const loaded = [row("a", "05", "5"), row("b", "04", "4"), row("c", "03", "3"), row("d", "02", "2")];
    const page = {
      items: [row("b", "06", "6"), row("a", "05", "5")],
      nextCursor: { lastMessageAt: "2026-12-05T10:00:05.000000Z", seq: "5" },
    };
    expect(ids(mergeFirstPage(page, loaded))).toEqual(["b", "a", "c", "d"]);
    const search = { filter: {}, search: "budi" };
    expect(ids(applyChanges(loaded, [{ kind: "conversation", conversation: row("z", "09", "9") }], search, "u1", false))).toEqual(
      ids(loaded),
    );
  });
});
