import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConversationRow } from "@/components/inbox/conversation-row";
import type { ConversationListItem } from "@/server/inbox/queries";
import { withIntl } from "../support/intl";

const conversation = {
  id: "c1",
  contact_name: "Siti Rahma",
  phone_e164: "+628111234567",
  last_message_at: "2026-12-05T07:00:00Z",
  last_customer_message_at: null,
  last_message_preview: "Halo",
  last_message_direction: "inbound",
  last_message_type: "text",
  status: "open",
  unread_count: 0,
  needs_human: false,
  assigned_to: null,
  labels: [],
} as unknown as ConversationListItem;

const row = (tabStop: boolean) =>
  renderToStaticMarkup(
    withIntl(
      createElement(ConversationRow, {
        conversation,
        now: new Date("2026-12-05T08:00:00Z"),
        selected: false,
        assignee: null,
        href: "/inbox/c1",
        checked: false,
        selecting: false,
        onCheck: () => {},
        tabStop,
      }),
    ),
  );

const tabIndexes = (html: string) => [...html.matchAll(/<(a|input|button)\b[^>]*?tabindex="(-?\d)"/g)].map((m) => `${m[1]}:${m[2]}`);

describe("a row of the conversation list (one tab stop: use-list-keyboard.ts)", () => {
  it("is reached by Tab through its link only when it is the list's tab stop", () => {
    expect(tabIndexes(row(true))).toEqual(["input:-1", "button:-1", "a:0"]);
    expect(tabIndexes(row(false))).toEqual(["input:-1", "button:-1", "a:-1"]);
  });

  it("names its conversation for the keyboard hook to focus it", () => {
    expect(row(false)).toContain('data-row-id="c1"');
  });
});
