"use client";

import { Download, FileText, MapPin, Reply, RotateCcw, Sparkles, StickyNote, UserRound } from "lucide-react";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { useClockTime } from "@/components/ui/use-times";
import { splitMentions } from "@/lib/mentions";
import type { ThreadMessage } from "@/server/inbox/queries";
import { MessageStatusIcon } from "./message-status-icon";

/** A stored message, or one still on its way (`optimistic`), or one that never reached the server (`unsent`). */
export type DisplayMessage = ThreadMessage & { optimistic?: boolean; unsent?: boolean };

/** The provider's words for a failure, as Meta gives them: title, then details (`rejected`: ours, when it gave none). */
export function failureText(error: ThreadMessage["error"], rejected: { sentence: string; title: string }): string {
  if (!error) return rejected.sentence;
  const details = error.details ?? error.error_data?.details;
  const title = error.title ?? error.message ?? rejected.title;
  return [error.code ? `${title} (${error.code})` : title, details].filter(Boolean).join(": ");
}

function MediaContent({ message }: { message: DisplayMessage }) {
  const t = useTranslations("inbox.bubble.media");
  const src = `/api/media/${message.id}`;
  if (message.optimistic) {
    return (
      <p className="text-xs italic opacity-70">
        {message.media_filename ? t("uploading", { name: message.media_filename }) : t("uploadingFile")}
      </p>
    );
  }
  if (message.media_status === "pending") {
    return <p className="text-xs italic opacity-70">{t("downloading", { type: message.type })}</p>;
  }
  if (message.media_status === "failed" || message.media_status === null) {
    return <p className="text-xs italic opacity-70">{t("downloadFailed", { type: message.type })}</p>;
  }
  switch (message.type) {
    case "image":
    case "sticker":
      return (
        <a href={src} target="_blank" rel="noreferrer">
          <img
            src={src}
            alt={message.body ?? (message.type === "sticker" ? t("sticker") : t("photo"))}
            loading="lazy"
            className={cn("rounded-md", message.type === "sticker" ? "size-32 object-contain" : "max-h-72 w-full object-cover")}
          />
        </a>
      );
    case "video":
      // biome-ignore lint/a11y/useMediaCaption: customers' videos come without captions
      return <video src={src} controls preload="metadata" className="max-h-72 w-full rounded-md" />;
    case "audio":
      // biome-ignore lint/a11y/useMediaCaption: voice notes come without captions
      return <audio src={src} controls preload="none" className="w-60 max-w-full" />;
    default:
      return (
        <a
          href={src}
          download={message.media_filename ?? undefined}
          className="flex items-center gap-2 rounded-md bg-black/5 px-3 py-2 text-sm"
        >
          <FileText className="size-5 shrink-0" aria-hidden />
          <span className="min-w-0 flex-1 truncate">{message.media_filename ?? t("document")}</span>
          <Download className="size-4 shrink-0" aria-label={t("download")} />
        </a>
      );
  }
}

interface LocationContent {
  location?: { latitude?: number; longitude?: number; name?: string; address?: string };
}
interface ContactsContent {
  contacts?: { name?: { formatted_name?: string }; phones?: { phone?: string }[] }[];
}

function Body({ message }: { message: DisplayMessage }) {
  const t = useTranslations("inbox.bubble");
  if (message.revoked_at) return <p className="text-sm italic opacity-70">{t("deleted")}</p>;
  if (["image", "video", "audio", "document", "sticker"].includes(message.type)) {
    const caption = message.type === "document" ? null : message.body;
    return (
      <div className="space-y-1.5">
        <MediaContent message={message} />
        {caption && <p className="text-sm whitespace-pre-wrap">{caption}</p>}
      </div>
    );
  }
  if (message.type === "location") {
    const location = (message.content as LocationContent).location;
    const href =
      location?.latitude !== undefined && location.longitude !== undefined
        ? `https://www.openstreetmap.org/?mlat=${location.latitude}&mlon=${location.longitude}#map=16/${location.latitude}/${location.longitude}`
        : null;
    return (
      <div className="flex items-start gap-2 text-sm">
        <MapPin className="mt-0.5 size-4 shrink-0" aria-hidden />
        <div>
          <p className="font-medium">{location?.name ?? t("location")}</p>
          {location?.address && <p className="opacity-80">{location.address}</p>}
          {href && (
            <a href={href} target="_blank" rel="noreferrer" className="text-xs underline">
              {t("openMap")}
            </a>
          )}
        </div>
      </div>
    );
  }
  if (message.type === "contacts") {
    const cards = (message.content as ContactsContent).contacts ?? [];
    return (
      <ul className="space-y-1 text-sm">
        {cards.map((card, i) => (
          <li key={i} className="flex items-center gap-2">
            <UserRound className="size-4 shrink-0" aria-hidden />
            <span className="font-medium">{card.name?.formatted_name ?? t("contact")}</span>
            <span className="opacity-80">{card.phones?.map((p) => p.phone).join(", ")}</span>
          </li>
        ))}
      </ul>
    );
  }
  if (message.type === "unsupported") {
    return <p className="text-sm italic opacity-70">{t("unsupported")}</p>;
  }
  return <p className="text-sm break-words whitespace-pre-wrap">{message.body ?? `(${message.type})`}</p>;
}

const SENDERS = ["ai", "business_app", "api", "system"] as const;
const isSender = (type: string | null): type is (typeof SENDERS)[number] => SENDERS.some((sender) => sender === type);

/** A note's text with its @mentions highlighted (the stored ranges name the members; the text is as written). */
function NoteText({ body, mentions, memberName }: { body: string; mentions: unknown; memberName: (id: string | null) => string | null }) {
  return (
    <p className="text-sm whitespace-pre-wrap">
      {splitMentions(body, mentions).map((part, i) =>
        part.userId ? (
          <strong
            key={i}
            className="rounded bg-amber-200/70 px-0.5 font-semibold text-amber-900"
            title={memberName(part.userId) ?? undefined}
            data-testid="mention"
          >
            {part.text}
          </strong>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}

export function MessageBubble({
  message,
  memberName,
  onReply,
  onRetry,
  onDiscard,
  retrying,
  highlighted = false,
}: {
  message: DisplayMessage;
  memberName: (id: string | null) => string | null;
  onReply: (message: DisplayMessage) => void;
  onRetry: (message: DisplayMessage) => void;
  /** Drops a message that never reached the server. */
  onDiscard: (message: DisplayMessage) => void;
  retrying: boolean;
  /** The message a link pointed at, marked for a moment after the jump. */
  highlighted?: boolean;
}) {
  const t = useTranslations("inbox.bubble");
  const clockTime = useClockTime();
  const highlight = highlighted && "rounded-lg bg-amber-100/70 ring-2 ring-amber-400";
  if (message.type === "note") {
    return (
      <li
        id={`message-${message.id}`}
        className={cn("flex scroll-mt-4 justify-center", highlight)}
        data-testid="note"
        data-highlighted={highlighted || undefined}
      >
        <div className="max-w-[85%] rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-amber-950 shadow-xs">
          <p className="mb-0.5 flex items-center gap-1 text-xs font-semibold text-amber-700">
            <StickyNote className="size-3.5" aria-hidden />
            {t("noteHeader", { name: memberName(message.sender_user_id) ?? t("senders.agent"), time: clockTime(message.sent_at) })}
          </p>
          <NoteText body={message.body ?? ""} mentions={message.content?.mentions} memberName={memberName} />
        </div>
      </li>
    );
  }
  const outbound = message.direction === "outbound";
  const sender =
    message.direction === "inbound"
      ? null
      : message.sender_type === "agent"
        ? (memberName(message.sender_user_id) ?? t("senders.agent"))
        : isSender(message.sender_type)
          ? t(`senders.${message.sender_type}`)
          : null;
  const byAssistant = message.sender_type === "ai";
  return (
    <li
      id={`message-${message.id}`}
      className={cn("group flex scroll-mt-4", outbound ? "justify-end" : "justify-start", highlight)}
      data-testid="message"
      data-highlighted={highlighted || undefined}
      data-direction={message.direction}
      data-sender={message.sender_type}
    >
      <div className={cn("flex max-w-[85%] items-end gap-1 sm:max-w-[70%]", outbound && "flex-row-reverse")}>
        <div
          className={cn(
            "relative min-w-24 rounded-lg px-3 py-1.5 shadow-xs",
            outbound ? "rounded-br-sm bg-emerald-100 text-slate-900" : "rounded-bl-sm bg-white text-slate-900",
            byAssistant && "bg-violet-50 ring-1 ring-violet-200",
            message.reactions.length > 0 && "mb-3",
          )}
        >
          {sender && (
            <p className={cn("flex items-center gap-1 text-xs font-semibold", byAssistant ? "text-violet-700" : "text-emerald-800")}>
              {byAssistant && <Sparkles className="size-3" aria-hidden />}
              {sender}
            </p>
          )}
          {message.is_forwarded && <p className="text-xs italic text-slate-600">{t("forwarded")}</p>}
          {message.quoted && (
            <div className="my-1 rounded border-l-4 border-emerald-500 bg-black/5 px-2 py-1 text-xs text-slate-600">
              <p className="font-semibold">{message.quoted.direction === "inbound" ? t("customer") : t("you")}</p>
              <p className="line-clamp-2">{message.quoted.body ?? `(${message.quoted.type})`}</p>
            </div>
          )}
          <Body message={message} />
          <p className="mt-0.5 flex items-center justify-end gap-1 text-[11px] text-slate-600">
            {message.edited_at && <span>{t("edited")}</span>}
            <time dateTime={message.sent_at}>{clockTime(message.sent_at)}</time>
            {outbound && <MessageStatusIcon status={message.status} />}
          </p>
          {message.status === "failed" && outbound && (
            <div className="mt-1 flex items-start gap-2 border-t border-red-200 pt-1 text-xs text-red-700" role="alert">
              <span className="flex-1">
                {message.unsent ? t("notSent") : failureText(message.error, { sentence: t("rejected"), title: t("rejectedTitle") })}
              </span>
              <button
                type="button"
                onClick={() => onRetry(message)}
                disabled={retrying}
                className="inline-flex shrink-0 items-center gap-1 font-semibold hover:underline disabled:opacity-50"
              >
                <RotateCcw className="size-3" aria-hidden /> {t("retry")}
              </button>
              {message.unsent && (
                <button type="button" onClick={() => onDiscard(message)} className="shrink-0 font-semibold hover:underline">
                  {t("discard")}
                </button>
              )}
            </div>
          )}
          {message.reactions.length > 0 && (
            <span
              className={cn(
                "absolute -bottom-3 rounded-full bg-white px-1.5 text-sm shadow ring-1 ring-slate-200",
                outbound ? "right-2" : "left-2",
              )}
              data-testid="reactions"
            >
              <span className="sr-only">{t("reactions")}</span>
              {message.reactions.map((r) => r.emoji).join("")}
            </span>
          )}
        </div>
        {message.wamid && (
          <button
            type="button"
            onClick={() => onReply(message)}
            className="rounded-full p-1 text-slate-400 opacity-0 group-hover:opacity-100 hover:bg-slate-200 hover:text-slate-700 focus:opacity-100"
            aria-label={t("reply")}
          >
            <Reply className="size-4" aria-hidden />
          </button>
        )}
      </div>
    </li>
  );
}
