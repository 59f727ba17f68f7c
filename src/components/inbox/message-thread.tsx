"use client";

import { Loader2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { type ReactNode, type RefObject, type UIEvent, useEffect, useRef } from "react";
import { useActivityText } from "@/components/activity/use-activity-text";
import { useClockTime } from "@/components/ui/use-times";
import type { ActivityLine } from "@/lib/conversation-activity";
import { type DisplayMessage, MessageBubble } from "./message-bubble";

type ThreadItem = { at: string; message: DisplayMessage; line?: never } | { at: string; line: ActivityLine; message?: never };

/** Messages (in the thread's order) with the activity lines placed by time: a line goes before the first later message. */
function interleave(messages: DisplayMessage[], activity: ActivityLine[]): ThreadItem[] {
  const items: ThreadItem[] = [];
  let next = 0;
  for (const message of messages) {
    while (next < activity.length && (activity[next] as ActivityLine).created_at < message.sent_at) {
      const line = activity[next++] as ActivityLine;
      items.push({ at: line.created_at, line });
    }
    items.push({ at: message.sent_at, message });
  }
  for (const line of activity.slice(next)) items.push({ at: line.created_at, line });
  return items;
}

/** A small centred line of what happened to the conversation ("Ana assigned this to Budi · 10:42"); never sent to the customer. */
function ActivityRow({
  line,
  who,
  avatar,
}: {
  line: ActivityLine;
  who: (id: string) => string | null;
  avatar?: (id: string) => ReactNode;
}) {
  const activityText = useActivityText();
  const clockTime = useClockTime();
  return (
    <li className="flex justify-center py-0.5" data-testid="activity-line">
      <span className="flex max-w-[85%] items-center gap-1.5 rounded-md bg-white/70 px-2.5 py-0.5 text-center text-xs text-slate-600">
        {line.actor_id && avatar?.(line.actor_id)}
        <span>
          {activityText(line, who)} · <time dateTime={line.created_at}>{clockTime(line.created_at)}</time>
        </span>
      </span>
    </li>
  );
}

/** The separator's day on the workspace's clock: "Today", "Yesterday", or the full date. */
function useDayLabel(): (iso: string, now: Date) => string {
  const t = useTranslations("inbox.thread");
  const format = useFormatter();
  const dayOf = (at: Date) => format.dateTime(at, { year: "numeric", month: "2-digit", day: "2-digit" });
  return (iso, now) => {
    const date = new Date(iso);
    if (dayOf(date) === dayOf(now)) return t("today");
    if (dayOf(date) === dayOf(new Date(now.getTime() - 86_400_000))) return t("yesterday");
    return format.dateTime(date, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  };
}

/** The scrolling list of messages and activity lines with a separator per day; nearing the top loads older ones. */
export function MessageThread({
  messages,
  activity,
  scroller,
  onScroll,
  hasOlder,
  loadingOlder,
  onNearTop,
  memberName,
  currentUserId,
  memberAvatar,
  onReply,
  onRetry,
  onDiscard,
  retryingId,
  highlightedId,
}: {
  messages: DisplayMessage[];
  activity: ActivityLine[];
  scroller: RefObject<HTMLDivElement | null>;
  onScroll: (event: UIEvent<HTMLDivElement>) => void;
  hasOlder: boolean;
  loadingOlder: boolean;
  onNearTop: () => void;
  memberName: (id: string | null) => string | null;
  /** The reader: activity lines say "you" for them. */
  currentUserId: string;
  /** A member's picture (or initials) beside the lines they caused. */
  memberAvatar?: (id: string) => ReactNode;
  onReply: (message: DisplayMessage) => void;
  onRetry: (message: DisplayMessage) => void;
  onDiscard: (message: DisplayMessage) => void;
  retryingId: string | null;
  highlightedId: string | null;
}) {
  const topSentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = topSentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onNearTop(), {
      root: scroller.current,
      rootMargin: "300px",
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [onNearTop, scroller]);

  const t = useTranslations("inbox.thread");
  const dayLabel = useDayLabel();
  const now = new Date();
  const who = (id: string) => (id === currentUserId ? null : (memberName(id) ?? t("formerMember")));
  let previousDay = "";
  return (
    <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto bg-[#efeae2] px-3 py-4 sm:px-6" onScroll={onScroll}>
      <div ref={topSentinel} className="flex h-6 items-center justify-center text-slate-600">
        {loadingOlder && <Loader2 className="size-4 animate-spin" aria-label={t("loadingOlder")} />}
        {!hasOlder && messages.length > 0 && <span className="text-xs">{t("start")}</span>}
      </div>
      <ol className="space-y-2" aria-label={t("messages")}>
        {interleave(messages, activity).map(({ at, message, line }) => {
          const day = dayLabel(at, now);
          const separator = day !== previousDay;
          previousDay = day;
          const key = message ? message.id : `activity:${line.id}`;
          return [
            separator && (
              <li key={`day:${key}`} className="flex justify-center py-1" aria-hidden>
                <span className="rounded-md bg-white/90 px-2.5 py-0.5 text-xs font-medium text-slate-600 shadow-xs">{day}</span>
              </li>
            ),
            line ? (
              <ActivityRow key={key} line={line} who={who} avatar={memberAvatar} />
            ) : (
              <MessageBubble
                key={message.id}
                message={message}
                memberName={memberName}
                onReply={onReply}
                onRetry={onRetry}
                onDiscard={onDiscard}
                retrying={retryingId === message.id}
                highlighted={highlightedId === message.id}
              />
            ),
          ];
        })}
      </ol>
    </div>
  );
}
