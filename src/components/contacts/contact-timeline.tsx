"use client";

import {
  ArrowDownLeft,
  ArrowUpRight,
  BellOff,
  BellRing,
  GitMerge,
  History,
  MessageSquareText,
  StickyNote,
  UserCheck,
  UserPlus,
  Workflow,
} from "lucide-react";
import Link from "next/link";
import { useFormatter, useNow, useTranslations } from "next-intl";
import { type FormEvent, useEffect, useState } from "react";
import { addContactNote, getTimeline } from "@/app/actions/contacts";
import { useActivityText } from "@/components/activity/use-activity-text";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { formatPhone } from "@/lib/format";
import { type LeadStage, stageOf } from "@/lib/lead-status";
import type { TimelineCursor, TimelineItem } from "@/server/contacts/queries";

type Translate = ReturnType<typeof useTranslations<"contacts.timeline">>;
/** Who did something, for a sentence: "you" conjugates the verb differently in Spanish, so messages select on `actor`. */
type Person = { actor: "you" | "other"; who: string };

function describe(
  item: TimelineItem,
  stages: LeadStage[],
  t: Translate,
  person: (id: string | null | undefined) => Person,
  whom: (id: string | null | undefined) => string,
  activityText: ReturnType<typeof useActivityText>,
  currentUserId: string,
) {
  const by = person(item.actor_id);
  switch (item.kind) {
    case "message": {
      const d = item.data;
      if (d.type === "note") return { icon: StickyNote, title: t("conversationNote", by), body: d.preview, link: d.conversation_id };
      const inbound = d.direction === "inbound";
      return {
        icon: inbound ? ArrowDownLeft : ArrowUpRight,
        title: inbound ? t("customerWrote") : d.sender_type === "agent" ? t("replied", by) : t("sent"),
        body: d.preview,
        link: d.conversation_id,
      };
    }
    case "created": {
      // A contact that did not write first came in by hand or from a file.
      const source = item.data.source;
      return {
        icon: UserPlus,
        title: source === "manual" ? t("created.manual", by) : source === "import" ? t("created.import", by) : t("created.whatsapp"),
      };
    }
    case "status_changed":
      return {
        icon: Workflow,
        title: t("statusChanged", {
          ...by,
          from: stageOf(stages, item.data.from ?? "").label,
          to: stageOf(stages, item.data.to ?? "").label,
        }),
      };
    case "owner_changed":
      return {
        icon: UserCheck,
        title: item.data.to ? t("ownerSet", { ...by, owner: whom(item.data.to) }) : t("ownerRemoved", by),
      };
    case "conversation_assigned":
      return {
        icon: UserCheck,
        title: item.data.to ? t("assigned", { ...by, assignee: whom(item.data.to) }) : t("unassigned", by),
        link: item.data.conversation_id ?? undefined,
      };
    case "conversation_activity": {
      const { activity, conversation_id, ...data } = item.data;
      const line = { id: item.id, conversation_id, kind: activity, actor_id: item.actor_id, data, created_at: item.at };
      return { icon: History, title: activityText(line, (id) => (id === currentUserId ? null : person(id).who)), link: conversation_id };
    }
    case "note":
      return { icon: MessageSquareText, title: t("noteAdded", by), body: item.data.text ?? "" };
    case "merged": {
      const name = item.data.name ?? t("anotherContact");
      return {
        icon: GitMerge,
        title: item.data.phone ? t("mergedWithPhone", { ...by, name, phone: formatPhone(item.data.phone) }) : t("merged", { ...by, name }),
      };
    }
    case "opted_out":
      return {
        icon: BellOff,
        title:
          item.data.source === "admin"
            ? t("optedOutByAdmin", by)
            : item.data.source === "button"
              ? t("optedOutButton", { reason: item.data.reason ?? "" })
              : t("optedOutKeyword", { reason: item.data.reason ?? "" }),
        body: item.data.source === "admin" ? (item.data.reason ?? undefined) : undefined,
      };
    case "opted_in":
      return { icon: BellRing, title: t("optedIn", by) };
  }
}

/** Everything that happened to the contact, newest first, with a note box on top. */
export function ContactTimeline(props: {
  contactId: string;
  initial: { items: TimelineItem[]; nextCursor: TimelineCursor | null };
  stages: LeadStage[];
  members: { id: string; name: string }[];
  currentUserId: string;
}) {
  const t = useTranslations("contacts.timeline");
  const format = useFormatter();
  const [items, setItems] = useState(props.initial.items);
  const [cursor, setCursor] = useState(props.initial.nextCursor);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const { pending: saving, run: save } = useAction({ onError: setError });
  const { pending: loading, run: load } = useAction({ refresh: false, onError: setError });
  useEffect(() => {
    setItems(props.initial.items);
    setCursor(props.initial.nextCursor);
  }, [props.initial]);
  const names = new Map(props.members.map((m) => [m.id, m.name]));
  const person = (id: string | null | undefined): Person =>
    id === props.currentUserId
      ? { actor: "you", who: t("you") }
      : { actor: "other", who: !id ? t("someone") : (names.get(id) ?? t("formerMember")) };
  const whom = (id: string | null | undefined) => (id === props.currentUserId ? t("youObject") : person(id).who);
  const now = useNow();
  const activityText = useActivityText();

  function addNote(event: FormEvent) {
    event.preventDefault();
    setError(null);
    save(
      () => addContactNote({ contactId: props.contactId, text: note }),
      () => setNote(""),
    );
  }

  function loadOlder() {
    load(
      () => getTimeline({ contactId: props.contactId, before: cursor }),
      (page) => {
        setItems((current) => [...current, ...page.items]);
        setCursor(page.nextCursor);
      },
    );
  }

  return (
    <div className="space-y-4">
      <form onSubmit={addNote} className="space-y-2">
        <label htmlFor="timeline-note" className="sr-only">
          {t("noteLabel")}
        </label>
        <textarea
          id="timeline-note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={2}
          placeholder={t("notePlaceholder")}
          className="block w-full rounded-md border-0 px-3 py-2 text-sm shadow-xs ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none"
        />
        <FormError message={error} />
        <div className="flex justify-end">
          <Button type="submit" size="sm" pending={saving} disabled={!note.trim()}>
            {t("addNote")}
          </Button>
        </div>
      </form>
      {items.length === 0 ? (
        <p className="py-6 text-center text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <ol aria-label={t("label")} className="relative space-y-4 border-l border-slate-200 pl-5">
          {items.map((item) => {
            const { icon: Icon, title, body, link } = describe(item, props.stages, t, person, whom, activityText, props.currentUserId);
            return (
              <li key={item.id} className="relative" data-testid="timeline-item" data-kind={item.kind}>
                <span className="absolute top-0.5 -left-[1.9rem] flex size-5 items-center justify-center rounded-full bg-white text-slate-500 ring-1 ring-slate-200">
                  <Icon className="size-3" aria-hidden />
                </span>
                <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                  <p className="text-sm text-slate-800">{title}</p>
                  <time
                    dateTime={item.at}
                    title={format.dateTime(new Date(item.at), { dateStyle: "medium", timeStyle: "short" })}
                    className="text-xs text-slate-500"
                  >
                    {format.relativeTime(new Date(item.at), now)}
                  </time>
                </div>
                {body && <p className="mt-1 line-clamp-3 text-sm whitespace-pre-line text-slate-600">{body}</p>}
                {link && (
                  <Link href={`/inbox/${link}`} className="mt-1 inline-block text-xs font-medium text-brand-700 hover:underline">
                    {t("openConversation")}
                  </Link>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {cursor && (
        <div className="flex justify-center">
          <Button variant="secondary" size="sm" onClick={loadOlder} pending={loading}>
            {t("older")}
          </Button>
        </div>
      )}
    </div>
  );
}
