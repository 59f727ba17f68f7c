import { describe, expect, it } from "vitest";
import type { DisplayMessage } from "@/components/inbox/message-bubble";
import { mergeMessage, mergeNewest } from "@/components/inbox/thread-merge";
import type { MessagePage, ThreadMessage } from "@/server/inbox/queries";

function message(id: string, second: number, status: ThreadMessage["status"] = "sent"): ThreadMessage {
  return {
    id,
    wamid: null,
    direction: "outbound",
    type: "text",
    body: id,
    status,
    sender_type: "agent",
    sender_user_id: null,
    error: null,
    media_status: null,
    media_mime_type: null,
    media_filename: null,
    content: {},
    is_forwarded: false,
    idempotency_key: null,
    sent_at: new Date(Date.UTC(2026, 11, 5, 12, 0, second)).toISOString(),
    edited_at: null,
    revoked_at: null,
    quoted: null,
    reactions: [],
  };
}

const page = (messages: ThreadMessage[]): MessagePage => ({ messages, olderCursor: null, activity: [] });
const statuses = (messages: DisplayMessage[]) => messages.map((m) => `${m.id}:${m.status}`);

describe("a thread refetched while pushes arrive", () => {
  it("takes the page as the truth for what was not pushed while it was on its way", () => {
    const current = [message("a", 1), message("b", 2, "pending")];
    const merged = mergeNewest(current, page([message("a", 1, "read"), message("b", 2, "sent")]));
    expect(statuses(merged)).toEqual(["a:read", "b:sent"]);
  });

  it("keeps a status pushed after the page was read: the reply stays sent, not pending again", () => {
    // The push "b is sent" came while the refetch (read when b was still pending) was on its way.
    const current = mergeMessage([message("a", 1), message("b", 2, "pending")], message("b", 2, "sent"), false);
    const merged = mergeNewest(current, page([message("a", 1), message("b", 2, "pending")]), new Set(["b"]));
    expect(statuses(merged)).toEqual(["a:sent", "b:sent"]);
  });

  it("keeps a message pushed after the page was read, in its place by time", () => {
    const current = mergeMessage([message("a", 1), message("c", 3)], message("b", 2), false);
    const merged = mergeNewest(current, page([message("a", 1), message("c", 3)]), new Set(["b"]));
    expect(statuses(merged)).toEqual(["a:sent", "b:sent", "c:sent"]);
  });

  it("keeps drafts at the end, the pushed message before them", () => {
    const draft: DisplayMessage = { ...message("optimistic:x", 9, "pending"), optimistic: true };
    const current = [message("a", 1), message("b", 2), draft];
    const merged = mergeNewest(current, page([message("a", 1)]), new Set(["b"]));
    expect(merged.map((m) => m.id)).toEqual(["a", "b", "optimistic:x"]);
  });
});
