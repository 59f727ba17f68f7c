"use client";

import { Loader2 } from "lucide-react";
import { type RefObject, type UIEvent, useEffect, useRef } from "react";
import { type DisplayMessage, MessageBubble } from "./message-bubble";

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long", year: "numeric" });

function dayLabel(iso: string, now: Date) {
  const date = new Date(iso);
  const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  return dayFormat.format(date);
}

/** The scrolling list of messages with a separator per day; nearing the top loads older ones. */
export function MessageThread({
  messages,
  scroller,
  onScroll,
  hasOlder,
  loadingOlder,
  onNearTop,
  memberName,
  onReply,
  onRetry,
  onDiscard,
  retryingId,
}: {
  messages: DisplayMessage[];
  scroller: RefObject<HTMLDivElement | null>;
  onScroll: (event: UIEvent<HTMLDivElement>) => void;
  hasOlder: boolean;
  loadingOlder: boolean;
  onNearTop: () => void;
  memberName: (id: string | null) => string | null;
  onReply: (message: DisplayMessage) => void;
  onRetry: (message: DisplayMessage) => void;
  onDiscard: (message: DisplayMessage) => void;
  retryingId: string | null;
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

  const now = new Date();
  let previousDay = "";
  return (
    <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto bg-[#efeae2] px-3 py-4 sm:px-6" onScroll={onScroll}>
      <div ref={topSentinel} className="flex h-6 items-center justify-center text-slate-500">
        {loadingOlder && <Loader2 className="size-4 animate-spin" aria-label="Loading older messages" />}
        {!hasOlder && messages.length > 0 && <span className="text-xs">Start of the conversation</span>}
      </div>
      <ol className="space-y-2" aria-label="Messages">
        {messages.map((message) => {
          const day = dayLabel(message.sent_at, now);
          const separator = day !== previousDay;
          previousDay = day;
          return [
            separator && (
              <li key={`day:${message.id}`} className="flex justify-center py-1" aria-hidden>
                <span className="rounded-md bg-white/90 px-2.5 py-0.5 text-xs font-medium text-slate-600 shadow-xs">{day}</span>
              </li>
            ),
            <MessageBubble
              key={message.id}
              message={message}
              memberName={memberName}
              onReply={onReply}
              onRetry={onRetry}
              onDiscard={onDiscard}
              retrying={retryingId === message.id}
            />,
          ];
        })}
      </ol>
    </div>
  );
}
