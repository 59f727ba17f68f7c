import { describe, expect, it } from "vitest";
import {
  type ConversationFilter,
  conversationFilter,
  DEFAULT_FILTER,
  filterToSearchParams,
  parseFilterParams,
} from "@/lib/conversation-filter";

const A = "7d3f4a1e-9c1b-4c9e-8f3a-2b6d5e4c3a21";
const B = "0b8e2f6c-5d4a-4e3b-9a2c-1f0e9d8c7b6a";

const roundTrip = (filter: ConversationFilter) => parseFilterParams(new URLSearchParams(filterToSearchParams(filter).toString()));

describe("the conversation filter in the URL", () => {
  const full: ConversationFilter = {
    status: ["open", "pending"],
    assignee: A,
    teamId: B,
    labelIds: [A, B],
    channelId: B,
    unread: true,
    needsHuman: true,
    activeAfter: "2026-11-01T00:00:00.000Z",
    activeBefore: "2026-12-01T00:00:00.000Z",
    inactiveDays: 7,
    leadStage: "qualified",
    tag: "vip",
    field: { key: "order_size", value: "large & heavy, 10kg" },
  };

  it.each<[string, ConversationFilter]>([
    ["every field at once", full],
    ["each status", { status: ["snoozed"] }],
    ["every status", {}],
    ["me", { status: ["open"], assignee: "me" }],
    ["nobody", { status: ["resolved"], assignee: "none" }],
    ["no team", { status: ["open"], teamId: "none" }],
    ["one label", { status: ["open"], labelIds: [A] }],
    ["older than", { status: ["open"], inactiveDays: 30 }],
    ["a custom field with characters URLs escape", { status: ["open"], field: { key: "city", value: "São Paulo / SP?=&" } }],
  ])("round-trips %s", (_, filter) => {
    expect(conversationFilter.parse(filter)).toEqual(filter);
    expect(roundTrip(filter)).toEqual(filter);
  });

  it("reads a bare /inbox as the open conversations, and status=any as every status", () => {
    expect(parseFilterParams(new URLSearchParams(""))).toEqual(DEFAULT_FILTER);
    expect(parseFilterParams({ status: "any" })).toEqual({});
  });

  it("drops what it cannot read, field by field, and keeps the rest", () => {
    const parsed = parseFilterParams(
      new URLSearchParams(
        `status=open,bogus&assignee=someone&team=x&label=${A},not-a-uuid&channel=1&unread=yes&inactive=0&after=yesterday&stage=${"s".repeat(41)}&field=Bad Key&value=v&tag=vip`,
      ),
    );
    // "bogus" makes the status list invalid as a whole: the default applies.
    expect(parsed).toEqual({ status: ["open"], labelIds: [A], tag: "vip" });
  });

  it("de-duplicates repeated ids and refuses unknown keys in a stored filter", () => {
    expect(parseFilterParams({ label: `${A},${A}` }).labelIds).toEqual([A]);
    expect(conversationFilter.safeParse({ status: ["open"], archived: true }).success).toBe(false);
  });
});
