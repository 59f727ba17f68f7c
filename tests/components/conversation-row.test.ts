import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type Assignee, ConversationRow } from "@/components/inbox/conversation-row";
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
  assigned_to: "u1",
  labels: [],
} as unknown as ConversationListItem;

const row = (assignee: Assignee) =>
  renderToStaticMarkup(
    withIntl(
      createElement(ConversationRow, {
        conversation,
        now: new Date("2026-12-05T08:00:00Z"),
        selected: false,
        assignee,
        href: `/inbox/${conversation.id}`,
        checked: false,
        selecting: false,
        onCheck: () => {},
      }),
    ),
  );

describe("ConversationRow's assignee", () => {
  it("shows the signed-in member's own initials, not those of 'You'", () => {
    const html = row({ name: "Budi Santoso", you: true });
    expect(html).toContain(">BS<");
    expect(html).not.toContain(">YO<");
    expect(html).toContain("Assigned to you");
  });

  it("names a teammate", () => {
    expect(row({ name: "Dewi", you: false })).toContain("Assigned to Dewi");
  });
});

describe("ConversationRow's last message state", () => {
  const outbound = (status: string | null) =>
    renderToStaticMarkup(
      withIntl(
        createElement(ConversationRow, {
          conversation: { ...conversation, last_message_direction: "outbound", last_message_status: status } as ConversationListItem,
          now: new Date("2026-12-05T08:00:00Z"),
          selected: false,
          assignee: null,
          href: `/inbox/${conversation.id}`,
          checked: false,
          selecting: false,
          onCheck: () => {},
        }),
      ),
    );

  it.each([
    ["pending", "Sending"],
    ["sent", "Sent"],
    ["delivered", "Delivered"],
    ["read", "Read"],
    ["failed", "Failed"],
  ])("shows a %s reply as %s, not as delivered ✓✓ whatever its state", (status, label) => {
    const html = outbound(status);
    expect(html).toContain(`data-status="${status}"`);
    expect(html).toContain(`aria-label="${label}"`);
    expect(html.match(/data-status="/g)).toHaveLength(1);
  });

  it("shows no tick when the customer wrote last", () => {
    expect(row({ name: "Dewi", you: false })).not.toContain("data-status");
  });
});
