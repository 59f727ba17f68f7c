import { describe, expect, it } from "vitest";
import { ANCHOR_MAX_PAGES, anchoredMessageId, anchorStep } from "@/components/inbox/use-message-anchor";
import { notificationHref } from "@/lib/notifications";

describe("a link to a message", () => {
  it("is read from the bell's link, and nothing else", () => {
    const id = "0b6c1d52-3a57-4c33-9d0e-6f1f2a3b4c5d";
    expect(anchoredMessageId(new URL(notificationHref({ conversation_id: "c", message_id: id }), "http://x").hash)).toBe(id);
    expect(anchoredMessageId("#conversation")).toBeNull();
    expect(anchoredMessageId("")).toBeNull();
  });

  it("loads older pages while the message is not there yet, up to a bound, then jumps to it", () => {
    expect(anchorStep({ present: false, hasOlder: true, pagesLoaded: 0 })).toBe("load");
    expect(anchorStep({ present: false, hasOlder: true, pagesLoaded: ANCHOR_MAX_PAGES - 1 })).toBe("load");
    expect(anchorStep({ present: true, hasOlder: true, pagesLoaded: 3 })).toBe("show");
    expect(anchorStep({ present: false, hasOlder: true, pagesLoaded: ANCHOR_MAX_PAGES })).toBe("give-up");
    expect(anchorStep({ present: false, hasOlder: false, pagesLoaded: 0 })).toBe("give-up");
  });
});
