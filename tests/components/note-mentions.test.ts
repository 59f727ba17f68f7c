import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type DisplayMessage, MessageBubble } from "@/components/inbox/message-bubble";
import { withIntl } from "../support/intl";

const note = (body: string, content: Record<string, unknown>) =>
  ({
    id: "n1",
    idempotency_key: null,
    wamid: null,
    direction: "outbound",
    type: "note",
    body,
    status: "sent",
    sent_at: "2026-12-05T10:00:00.000000Z",
    sender_type: "agent",
    sender_user_id: "ana",
    error: null,
    media_status: null,
    media_mime_type: null,
    media_filename: null,
    content,
    quoted: null,
    reactions: [],
    edited_at: null,
    revoked_at: null,
    is_forwarded: false,
  }) as unknown as DisplayMessage;

const render = (message: DisplayMessage) =>
  renderToStaticMarkup(
    withIntl(
      createElement(MessageBubble, {
        message,
        memberName: (id) => (id === "bea" ? "Bea Lima" : id === "ana" ? "Ana" : null),
        onReply: () => {},
        onRetry: () => {},
        onDiscard: () => {},
        retrying: false,
      }),
    ),
  );

describe("a note's mentions", () => {
  it("are highlighted where the stored ranges say, named by the member's current name, with an anchor for links", () => {
    const html = render(note("ask @Bea now", { mentions: [{ userId: "bea", start: 4, end: 8 }] }));
    expect(html).toContain('id="message-n1"');
    expect(html).toMatch(/ask <strong[^>]*title="Bea Lima"[^>]*data-testid="mention"[^>]*>@Bea<\/strong> now/);
  });

  it("a note without mentions (or a plain @ in the text) is plain text", () => {
    expect(render(note("ask @Bea now", {}))).not.toContain("<strong");
  });
});
