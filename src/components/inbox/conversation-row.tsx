import { AlarmClock, Clock, Contact, FileText, Hand, Image as ImageIcon, LayoutTemplate, MapPin, Mic, Smile, Video } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { useRelativeTime, useWakeTime } from "@/components/ui/use-times";
import type { ConversationStatus } from "@/lib/conversation-status";
import { formatPhone, initials } from "@/lib/format";
import { isWindowOpen } from "@/lib/whatsapp-window";
import type { ConversationListItem } from "@/server/inbox/queries";
import { LabelChip } from "./label-chip";
import { LabelPicker } from "./label-picker";
import { MessageStatusIcon } from "./message-status-icon";

const TYPE_ICONS: Record<string, typeof ImageIcon> = {
  image: ImageIcon,
  video: Video,
  audio: Mic,
  document: FileText,
  sticker: Smile,
  location: MapPin,
  contacts: Contact,
  template: LayoutTemplate,
};

/** `unknown`: what to call a contact with neither a name nor a number, in the reader's language. */
export function contactTitle(c: { contact_name: string | null; phone_e164?: string | null }, unknown: string) {
  return c.contact_name || formatPhone(c.phone_e164) || unknown;
}

/**
 * The words the database writes as the preview of a message without text
 * (private.message_preview): shown in the reader's language instead. A
 * preview that is the customer's own text is shown as it is.
 */
const STORED_PREVIEWS = {
  image: "Photo",
  video: "Video",
  audio: "Voice message",
  document: "Document",
  sticker: "Sticker",
  location: "Location",
  contacts: "Contact card",
  order: "Order",
  template: "Template message",
  unsupported: "Unsupported message",
} as const;

function isStoredPreview(type: string | null, preview: string | null): type is keyof typeof STORED_PREVIEWS {
  return type !== null && type in STORED_PREVIEWS && STORED_PREVIEWS[type as keyof typeof STORED_PREVIEWS] === preview;
}

export function Avatar({ name, className }: { name: string; className?: string }) {
  return (
    <span
      className={cn("flex shrink-0 items-center justify-center rounded-full bg-brand-100 font-semibold text-brand-700", className)}
      aria-hidden
    >
      {initials(name)}
    </span>
  );
}

/** Not open: the status (a snoozed row with its wake time, on the reader's clock). */
function StatusMarker({ conversation: c, now }: { conversation: ConversationListItem; now: Date }) {
  const t = useTranslations("inbox");
  const wakeTime = useWakeTime();
  if (c.status === "open") return null;
  const label =
    c.status === "snoozed" && c.snoozed_until
      ? t("row.snoozedUntil", { when: wakeTime(new Date(c.snoozed_until), now) })
      : t(`statuses.${c.status}`);
  return (
    <span
      className={cn("inline-flex items-center gap-0.5 rounded-full px-1.5 py-0.5 text-[10px] font-semibold", STATUS_MARKER_TONES[c.status])}
      data-testid="status-marker"
      suppressHydrationWarning
    >
      {c.status === "snoozed" && <AlarmClock className="size-3" aria-hidden />}
      {label}
    </span>
  );
}

const STATUS_MARKER_TONES: Record<Exclude<ConversationStatus, "open">, string> = {
  pending: "bg-amber-100 text-amber-800",
  snoozed: "bg-violet-100 text-violet-800",
  resolved: "bg-slate-100 text-slate-600",
};

/** Who a conversation is assigned to: their name, and whether that is the signed-in member. */
export interface Assignee {
  name: string;
  you: boolean;
}

/**
 * A row of the list. `checked`: picked for a bulk action; the checkbox
 * shows on hover or focus, and always once anything is picked. Space on
 * the row toggles it, Shift+Space (like Shift+click) picks the range from
 * the last row picked. The label button sits beside the link, not in it.
 */
export function ConversationRow({
  conversation: c,
  now,
  selected,
  assignee,
  href,
  checked,
  selecting,
  onCheck,
  tabStop = true,
}: {
  conversation: ConversationListItem;
  now: Date;
  selected: boolean;
  assignee: Assignee | null;
  /** The thread's address, keeping the list's filter in the URL. */
  href: string;
  checked: boolean;
  /** Some row is picked: every checkbox shows. */
  selecting: boolean;
  onCheck: (range: boolean) => void;
  /** The list's one tab stop (use-list-keyboard.ts): the others are reached with j/k or the arrows. */
  tabStop?: boolean;
}) {
  const t = useTranslations("inbox.row");
  const relativeTime = useRelativeTime();
  const title = contactTitle(c, t("unknownContact"));
  const TypeIcon = c.last_message_type ? TYPE_ICONS[c.last_message_type] : undefined;
  const windowOpen = isWindowOpen(c.last_customer_message_at, now);
  const unread = c.unread_count > 0 || !c.is_read;
  const assignedTo = assignee ? (assignee.you ? t("assignedToYou") : t("assignedTo", { name: assignee.name })) : undefined;
  return (
    <li
      className={cn("group relative", checked && "bg-brand-50/60")}
      onKeyDown={(event) => {
        if (event.key !== " " || (event.target as HTMLElement).tagName === "INPUT") return;
        event.preventDefault();
        onCheck(event.shiftKey);
      }}
    >
      <input
        type="checkbox"
        checked={checked}
        onChange={() => {}}
        onClick={(event) => onCheck(event.shiftKey)}
        tabIndex={-1}
        aria-label={t("select", { name: title })}
        data-testid="row-checkbox"
        className={cn(
          "absolute top-1/2 left-1.5 z-10 size-4 -translate-y-1/2 rounded border-slate-300 text-brand-600 focus:ring-brand-600",
          selecting || checked ? "opacity-100" : "opacity-0 group-hover:opacity-100 group-focus-within:opacity-100 focus:opacity-100",
        )}
      />
      <div className="absolute top-2 right-2 z-10 hidden rounded-md bg-white/90 group-focus-within:block group-hover:block">
        <LabelPicker conversationId={c.id} labels={c.labels} name={t("labelsOf", { name: title })} compact tabIndex={-1} />
      </div>
      <Link
        href={href}
        aria-current={selected ? "page" : undefined}
        data-testid="conversation-row"
        data-row-id={c.id}
        tabIndex={tabStop ? 0 : -1}
        className={cn(
          "flex items-center gap-3 border-l-2 py-3 pr-4 pl-7 outline-none focus-visible:bg-slate-100 focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-inset",
          selected ? "border-brand-600 bg-brand-50" : "border-transparent hover:bg-slate-50",
        )}
      >
        <Avatar name={title} className="size-10 text-sm" />
        <div className="min-w-0 flex-1">
          <div className="flex items-baseline justify-between gap-2">
            <p className={cn("truncate", unread ? "font-semibold text-slate-900" : "font-medium text-slate-800")}>{title}</p>
            <time className="shrink-0 text-xs text-slate-500" dateTime={c.last_message_at} suppressHydrationWarning>
              {relativeTime(c.last_message_at, now)}
            </time>
          </div>
          <div className="mt-0.5 flex items-center gap-1.5 text-sm text-slate-500">
            {c.last_message_direction === "outbound" && (
              <span className="flex shrink-0 items-center" data-testid="last-message-status">
                <span className="sr-only">{t("you")}</span>
                {c.last_message_status && <MessageStatusIcon status={c.last_message_status} />}
              </span>
            )}
            {TypeIcon && <TypeIcon className="size-3.5 shrink-0" aria-hidden />}
            <p className={cn("truncate", unread && "text-slate-700")}>
              {isStoredPreview(c.last_message_type, c.last_message_preview) ? t(`preview.${c.last_message_type}`) : c.last_message_preview}
            </p>
            <span className="ml-auto flex shrink-0 items-center gap-1.5">
              <StatusMarker conversation={c} now={now} />
              {c.needs_human && (
                <span
                  className="inline-flex items-center gap-0.5 rounded-full bg-amber-100 px-1.5 py-0.5 text-[10px] font-semibold text-amber-800"
                  data-testid="needs-human-badge"
                >
                  <Hand className="size-3" aria-hidden /> {t("needsHuman")}
                </span>
              )}
              {windowOpen ? <Clock className="size-3.5 text-emerald-600" aria-label={t("windowOpen")} /> : null}
              {assignee && (
                <span title={assignedTo}>
                  <Avatar name={assignee.name} className="size-5 bg-slate-200 text-[9px] text-slate-700" />
                  <span className="sr-only">{assignedTo}</span>
                </span>
              )}
              {unread && (
                <span
                  className="min-w-5 rounded-full bg-brand-700 px-1.5 py-0.5 text-center text-xs font-semibold text-white"
                  data-testid="unread-badge"
                >
                  {t.rich("unread", { count: c.unread_count, hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
                </span>
              )}
            </span>
          </div>
          {c.labels.length > 0 && (
            <ul aria-label={t("labels")} className="mt-1 flex flex-wrap gap-1">
              {c.labels.map((label) => (
                <li key={label.id}>
                  <LabelChip name={label.name} color={label.color} />
                </li>
              ))}
            </ul>
          )}
        </div>
      </Link>
    </li>
  );
}
