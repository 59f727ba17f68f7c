import { AppRouterContext, type AppRouterInstance } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { ContactTimeline } from "@/components/contacts/contact-timeline";
import type { Locale } from "@/lib/locales";
import type { TimelineItem } from "@/server/contacts/queries";
import { renderInLocale } from "../support/intl";

const items: TimelineItem[] = [
  {
    id: "a1",
    kind: "conversation_activity",
    at: "2026-12-05T08:00:00Z",
    actor_id: "me",
    data: { activity: "status_changed", conversation_id: "c1", from: "open", to: "resolved" },
  },
  {
    id: "a2",
    kind: "conversation_activity",
    at: "2026-12-05T07:00:00Z",
    actor_id: "ana",
    data: { activity: "label_added", conversation_id: "c1", name: "VIP" },
  },
];

/** The timeline only renders here; its router (for the refresh after a note) is never called. */
const router = {} as AppRouterInstance;

const timeline = (locale: Locale) =>
  renderInLocale(
    createElement(AppRouterContext.Provider, {
      value: router,
      children: createElement(ContactTimeline, {
        contactId: "k1",
        initial: { items, nextCursor: null },
        stages: [],
        members: [{ id: "ana", name: "Ana" }],
        currentUserId: "me",
      }),
    }),
    locale,
  );

describe("the contact timeline's conversation activity", () => {
  it("reads as the inbox's sentences in the reader's language", () => {
    expect(timeline("en")).toContain("Resolved by you");
    expect(timeline("en")).toContain("Label “VIP” added by Ana");
    expect(timeline("es")).toContain("Resuelta por ti");
    expect(timeline("es")).toContain("Etiqueta “VIP” agregada por Ana");
  });
});
