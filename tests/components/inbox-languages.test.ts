import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { useActivityText } from "@/components/activity/use-activity-text";
import { ConversationRow } from "@/components/inbox/conversation-row";
import { useNotificationText } from "@/components/notifications/notification-text";
import type { ActivityLine } from "@/lib/conversation-activity";
import type { Locale } from "@/lib/locales";
import type { ConversationListItem } from "@/server/inbox/queries";
import { withIntl } from "../support/intl";

const NOW = new Date("2026-12-05T08:00:00Z");
const conversation = {
  id: "c1",
  contact_name: "Siti Rahma",
  phone_e164: "+628111234567",
  status: "open",
  last_message_at: "2026-12-05T07:55:00Z",
  last_customer_message_at: null,
  last_message_preview: "Photo",
  last_message_direction: "inbound",
  last_message_type: "image",
  unread_count: 3,
  is_read: false,
  needs_human: false,
  assigned_to: null,
  labels: [],
} as unknown as ConversationListItem;

const row = (locale: Locale, patch: Partial<ConversationListItem> = {}, timeZone = "UTC") =>
  renderToStaticMarkup(
    withIntl(
      createElement(ConversationRow, {
        conversation: { ...conversation, ...patch },
        now: NOW,
        selected: false,
        assignee: null,
        href: "/inbox/c1",
        checked: false,
        selecting: false,
        onCheck: () => {},
      }),
      { locale, timeZone },
    ),
  );

describe("a conversation row in the reader's language", () => {
  it("says when, how many are unread and what a media message was, in Indonesian", () => {
    const html = row("id");
    expect(html).toContain("5 mnt lalu");
    expect(html).toContain('3<span class="sr-only"> belum dibaca</span>');
    expect(html).toContain(">Foto</p>");
  });

  it("keeps English as it was, and a customer's own text as written", () => {
    expect(row("en")).toContain("5 min. ago");
    expect(row("en")).toContain('3<span class="sr-only"> unread</span>');
    expect(row("es", { last_message_type: "text", last_message_preview: "Photo" } as Partial<ConversationListItem>)).toContain(
      ">Photo</p>",
    );
    expect(row("es", { last_message_at: "2026-12-05T07:59:40Z" })).toContain("ahora mismo");
  });

  it("shows a snoozed row's wake time on the workspace's clock", () => {
    const snoozed = { status: "snoozed", snoozed_until: "2026-12-06T02:00:00Z" } as Partial<ConversationListItem>;
    expect(row("pt-BR", snoozed, "Asia/Jakarta")).toContain("Adiada · Amanhã 09:00");
    expect(row("en", snoozed, "America/Bogota")).toContain("Snoozed · Today 21:00");
  });
});

const Sentence = ({ say }: { say: () => string }) => createElement("p", null, say());
const sentence = (locale: Locale, useSay: () => () => string) =>
  renderToStaticMarkup(
    withIntl(
      createElement(() => createElement(Sentence, { say: useSay() })),
      { locale, timeZone: "Asia/Jakarta" },
    ),
  );

describe("activity lines and notifications in the reader's language", () => {
  const snoozedByMe: ActivityLine = {
    id: "a1",
    conversation_id: "c1",
    kind: "snoozed",
    actor_id: "me",
    data: { until: "2026-12-06T02:00:00Z" },
    created_at: "2026-12-05T08:00:00Z",
  };
  const who = (id: string) => (id === "me" ? null : "Ana");

  it("names the reader as you, the wake time in the sentence's case, on the workspace's clock", () => {
    const describe = () => {
      const text = useActivityText();
      return () => text(snoozedByMe, who);
    };
    expect(sentence("en", describe)).toContain("Snoozed until tomorrow 09:00 by you");
    expect(sentence("es", describe)).toContain("Pospuesta hasta mañana 09:00 por ti");
  });

  it("writes a teammate's assignment as a whole sentence per language", () => {
    const assigned: ActivityLine = { ...snoozedByMe, kind: "assigned", actor_id: "ana", data: { to: "me" } };
    const describe = () => {
      const text = useActivityText();
      return () => text(assigned, who);
    };
    expect(sentence("en", describe)).toContain("Ana assigned this to you");
    expect(sentence("pt-BR", describe)).toContain("Atribuída a você por Ana");
  });

  it("says who mentioned whom, with a customer's name or without one", () => {
    const notification = () => {
      const text = useNotificationText();
      return () =>
        `${text({ kind: "mention", actor_name: "Ana", contact_name: "Siti" })} | ${text({ kind: "queue", actor_name: null, contact_name: null })}`;
    };
    expect(sentence("en", notification)).toContain("Ana mentioned you in a note on Siti | New conversation from a customer");
    expect(sentence("id", notification)).toContain("Ana menyebut Anda di catatan pada Siti | Percakapan baru dari seorang pelanggan");
  });
});
