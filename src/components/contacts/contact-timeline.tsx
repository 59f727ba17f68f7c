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
import { type FormEvent, useEffect, useState } from "react";
import { addContactNote, getTimeline } from "@/app/actions/contacts";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { describeActivity } from "@/lib/conversation-activity";
import { formatPhone, formatRelativeTime } from "@/lib/format";
import { type LeadStage, stageOf } from "@/lib/lead-status";
import { readerTimeZone } from "@/lib/snooze";
import type { TimelineCursor, TimelineItem } from "@/server/contacts/queries";

/** How a contact that did not write first came in, by its source. */
const CREATED_BY: Record<string, (who: string) => string> = {
  manual: (who) => `${who} added this contact`,
  import: (who) => `${who} imported this contact from a CSV file`,
};

function describe(item: TimelineItem, stages: LeadStage[], who: (id: string | null | undefined) => string) {
  switch (item.kind) {
    case "message": {
      const d = item.data;
      if (d.type === "note")
        return {
          icon: StickyNote,
          title: `${who(item.actor_id)} wrote a note in the conversation`,
          body: d.preview,
          link: d.conversation_id,
        };
      const inbound = d.direction === "inbound";
      return {
        icon: inbound ? ArrowDownLeft : ArrowUpRight,
        title: inbound ? "Customer wrote" : d.sender_type === "agent" ? `${who(item.actor_id)} replied` : "Sent",
        body: d.preview,
        link: d.conversation_id,
      };
    }
    case "created":
      return {
        icon: UserPlus,
        title: CREATED_BY[item.data.source ?? ""]?.(who(item.actor_id)) ?? "Became a lead (first WhatsApp message)",
      };
    case "status_changed":
      return {
        icon: Workflow,
        title: `${who(item.actor_id)} moved from ${stageOf(stages, item.data.from ?? "").label} to ${stageOf(stages, item.data.to ?? "").label}`,
      };
    case "owner_changed":
      return {
        icon: UserCheck,
        title: item.data.to ? `${who(item.actor_id)} made ${who(item.data.to)} the owner` : `${who(item.actor_id)} removed the owner`,
      };
    case "conversation_assigned":
      return {
        icon: UserCheck,
        title: item.data.to
          ? `${who(item.actor_id)} assigned the conversation to ${who(item.data.to)}`
          : `${who(item.actor_id)} unassigned the conversation`,
        link: item.data.conversation_id ?? undefined,
      };
    case "conversation_activity": {
      const { activity, conversation_id, ...data } = item.data;
      const line = { id: item.id, conversation_id, kind: activity, actor_id: item.actor_id, data, created_at: item.at };
      return { icon: History, title: describeActivity(line, who, readerTimeZone()), link: conversation_id };
    }
    case "note":
      return { icon: MessageSquareText, title: `${who(item.actor_id)} added a note`, body: item.data.text ?? "" };
    case "merged":
      return {
        icon: GitMerge,
        title: `${who(item.actor_id)} merged ${item.data.name ?? "another contact"}${item.data.phone ? ` (${formatPhone(item.data.phone)})` : ""} into this contact`,
      };
    case "opted_out":
      return {
        icon: BellOff,
        title:
          item.data.source === "admin"
            ? `${who(item.actor_id)} opted this contact out of broadcasts`
            : `Opted out of broadcasts (${item.data.source === "button" ? "tapped" : "wrote"} “${item.data.reason ?? ""}”)`,
        body: item.data.source === "admin" ? (item.data.reason ?? undefined) : undefined,
      };
    case "opted_in":
      return { icon: BellRing, title: `${who(item.actor_id)} opted this contact back in to broadcasts` };
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
  const who = (id: string | null | undefined) =>
    !id ? "Someone" : id === props.currentUserId ? "You" : (names.get(id) ?? "A former member");
  const now = new Date();

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
          Note
        </label>
        <textarea
          id="timeline-note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={2}
          placeholder="Add a note for your team…"
          className="block w-full rounded-md border-0 px-3 py-2 text-sm shadow-xs ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none"
        />
        <FormError message={error} />
        <div className="flex justify-end">
          <Button type="submit" size="sm" pending={saving} disabled={!note.trim()}>
            Add contact note
          </Button>
        </div>
      </form>
      {items.length === 0 ? (
        <p className="py-6 text-center text-sm text-slate-500">Nothing has happened yet.</p>
      ) : (
        <ol aria-label="Activity" className="relative space-y-4 border-l border-slate-200 pl-5">
          {items.map((item) => {
            const { icon: Icon, title, body, link } = describe(item, props.stages, who);
            return (
              <li key={item.id} className="relative" data-testid="timeline-item" data-kind={item.kind}>
                <span className="absolute top-0.5 -left-[1.9rem] flex size-5 items-center justify-center rounded-full bg-white text-slate-500 ring-1 ring-slate-200">
                  <Icon className="size-3" aria-hidden />
                </span>
                <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                  <p className="text-sm text-slate-800">{title}</p>
                  <time dateTime={item.at} title={new Date(item.at).toLocaleString()} className="text-xs text-slate-500">
                    {formatRelativeTime(item.at, now)}
                  </time>
                </div>
                {body && <p className="mt-1 line-clamp-3 text-sm whitespace-pre-line text-slate-600">{body}</p>}
                {link && (
                  <Link href={`/inbox/${link}`} className="mt-1 inline-block text-xs font-medium text-brand-700 hover:underline">
                    Open conversation
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
            Show older activity
          </Button>
        </div>
      )}
    </div>
  );
}
