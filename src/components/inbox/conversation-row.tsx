import { CheckCheck, FileText, Image as ImageIcon, MapPin, Mic, Video } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { formatPhone, formatRelativeTime, initials } from "@/lib/format";
import { isWindowOpen } from "@/lib/whatsapp-window";

const TYPE_ICONS: Record<string, typeof ImageIcon> = {
  image: ImageIcon,
  video: Video,
  audio: Mic,
  document: FileText,
  location: MapPin,
};

export interface ConversationRowData {
  id: string;
  contact_name: string | null;
  phone_e164: string | null;
  unread_count: number;
  last_message_at: Date | null;
  last_message_preview: string | null;
  last_message_direction: "inbound" | "outbound" | null;
  last_message_type: string | null;
  last_customer_message_at: Date | null;
  channel_name: string | null;
}

export function ConversationRow({ conversation: c, now }: { conversation: ConversationRowData; now: Date }) {
  const title = c.contact_name || formatPhone(c.phone_e164) || "Unknown contact";
  const TypeIcon = c.last_message_type ? TYPE_ICONS[c.last_message_type] : undefined;
  const windowOpen = isWindowOpen(c.last_customer_message_at, now);
  return (
    <li className="flex items-center gap-3 px-6 py-3 hover:bg-slate-50">
      <span
        className="flex size-10 shrink-0 items-center justify-center rounded-full bg-brand-100 text-sm font-semibold text-brand-700"
        aria-hidden
      >
        {initials(title)}
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline justify-between gap-2">
          <p className={c.unread_count > 0 ? "truncate font-semibold text-slate-900" : "truncate font-medium text-slate-800"}>{title}</p>
          <time className="shrink-0 text-xs text-slate-500" dateTime={c.last_message_at?.toISOString()}>
            {formatRelativeTime(c.last_message_at, now)}
          </time>
        </div>
        <div className="mt-0.5 flex items-center gap-1.5 text-sm text-slate-500">
          {c.last_message_direction === "outbound" && <CheckCheck className="size-3.5 shrink-0" aria-label="You:" />}
          {TypeIcon && <TypeIcon className="size-3.5 shrink-0" aria-hidden />}
          <p className="truncate">{c.last_message_preview}</p>
          <span className="ml-auto flex shrink-0 items-center gap-1.5">
            {windowOpen && <Badge tone="green">24h open</Badge>}
            {c.unread_count > 0 && (
              <span className="rounded-full bg-brand-600 px-1.5 py-0.5 text-xs font-semibold text-white">
                {c.unread_count}
                <span className="sr-only"> unread</span>
              </span>
            )}
          </span>
        </div>
        {c.channel_name && <p className="mt-0.5 text-xs text-slate-400">{c.channel_name}</p>}
      </div>
    </li>
  );
}
