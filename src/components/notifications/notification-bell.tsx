"use client";

import { AtSign, Bell, BellRing, Inbox, MessageCircle, UserPlus } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { type NotificationKind, notificationHref } from "@/lib/notifications";
import { loadMore, markNotificationsRead, type NotificationState, useNotifications } from "./notification-store";
import { useNotificationText } from "./notification-text";

const ICONS: Record<NotificationKind, typeof Bell> = {
  mention: AtSign,
  assignment: UserPlus,
  queue: Inbox,
  customer_reply: MessageCircle,
};

const countLabel = (n: number) => (n > 99 ? "99+" : String(n));

/** The bell with the unread count, opening the notification centre; also keeps the tab title's count. */
export function NotificationBell({ workspaceId, className }: { workspaceId: string; className?: string }) {
  const t = useTranslations("notifications.bell");
  const state = useNotifications(workspaceId);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  useUnreadTitle(state.unread);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    const onClick = (event: MouseEvent) => !root.current?.contains(event.target as Node) && setOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  return (
    <div ref={root} className={cn("relative", className)}>
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={state.unread > 0 ? t("labelUnread", { count: state.unread }) : t("label")}
        className="relative rounded-md p-1.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
        data-testid="notification-bell"
      >
        <Bell className="size-5" aria-hidden />
        {state.unread > 0 && (
          <span
            className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] leading-4 font-semibold text-white"
            data-testid="notification-count"
          >
            {countLabel(state.unread)}
          </span>
        )}
      </button>
      {open && <NotificationPanel id={panelId} state={state} onClose={() => setOpen(false)} />}
    </div>
  );
}

function NotificationPanel({ id, state, onClose }: { id: string; state: NotificationState; onClose: () => void }) {
  const t = useTranslations("notifications.bell");
  const format = useFormatter();
  const describe = useNotificationText();
  return (
    <section
      id={id}
      aria-label={t("label")}
      className="absolute top-full left-0 z-50 mt-2 flex max-h-[70vh] w-80 max-w-[calc(100vw-1.5rem)] flex-col rounded-lg bg-white shadow-xl ring-1 ring-slate-200"
      data-testid="notification-panel"
    >
      <header className="flex items-center gap-2 border-b border-slate-100 px-3 py-2">
        <h2 className="flex-1 text-sm font-semibold text-slate-900">{t("label")}</h2>
        <Button size="sm" variant="ghost" disabled={state.unread === 0} onClick={() => void markNotificationsRead({ all: true })}>
          {t("markAllRead")}
        </Button>
      </header>
      <BrowserPermission />
      <div className="min-h-0 flex-1 overflow-y-auto">
        {state.status === "loading" ? (
          <p className="px-3 py-6 text-center text-sm text-slate-500">{t("loading")}</p>
        ) : state.status === "error" ? (
          <p role="alert" className="px-3 py-6 text-center text-sm text-red-700">
            {t("loadFailed")}
          </p>
        ) : state.items.length === 0 ? (
          <p className="px-3 py-6 text-center text-sm text-slate-500">{t("empty")}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {state.items.map((n) => {
              const Icon = ICONS[n.kind];
              return (
                <li key={n.id}>
                  <Link
                    href={notificationHref(n)}
                    onClick={() => {
                      if (!n.read_at) void markNotificationsRead({ ids: [n.id] });
                      onClose();
                    }}
                    className={cn("flex gap-2.5 px-3 py-2.5 text-sm hover:bg-slate-50", !n.read_at && "bg-brand-50/60")}
                    data-testid="notification"
                    data-unread={!n.read_at || undefined}
                  >
                    <Icon className="mt-0.5 size-4 shrink-0 text-slate-400" aria-hidden />
                    <span className="min-w-0 flex-1">
                      <span className={cn("block text-slate-800", !n.read_at && "font-semibold")}>{describe(n)}</span>
                      {n.preview && <span className="block truncate text-xs text-slate-500">{n.preview}</span>}
                      <span className="block text-xs text-slate-400">
                        {format.dateTime(new Date(n.created_at), { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })}
                      </span>
                    </span>
                    {!n.read_at && (
                      <span className="mt-1.5 size-2 shrink-0 rounded-full bg-brand-600">
                        <span className="sr-only">{t("unread")}</span>
                      </span>
                    )}
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
        {state.next && (
          <div className="p-2 text-center">
            <Button size="sm" variant="secondary" pending={state.loadingMore} onClick={() => void loadMore()}>
              {t("loadOlder")}
            </Button>
          </div>
        )}
      </div>
      <footer className="border-t border-slate-100 px-3 py-2 text-xs">
        <Link href="/settings/profile#notifications" onClick={onClose} className="text-brand-700 hover:underline">
          {t("settings")}
        </Link>
      </footer>
    </section>
  );
}

const subscribeNothing = () => () => {};

/** Asks for the browser's permission only when the member clicks (never on page load). */
function BrowserPermission() {
  const t = useTranslations("notifications.browser");
  const supported = useSyncExternalStore(
    subscribeNothing,
    () => typeof Notification !== "undefined",
    () => false,
  );
  const [permission, setPermission] = useState<NotificationPermission | null>(null);
  const current = permission ?? (supported ? Notification.permission : null);
  if (!supported || current === "granted") return null;
  return (
    <div className="flex items-center gap-2 border-b border-slate-100 bg-slate-50 px-3 py-2 text-xs text-slate-600">
      <BellRing className="size-4 shrink-0 text-slate-400" aria-hidden />
      {current === "denied" ? (
        <span>{t("blocked")}</span>
      ) : (
        <>
          <span className="flex-1">{t("offer")}</span>
          <Button size="sm" variant="secondary" onClick={() => void Notification.requestPermission().then(setPermission)}>
            {t("turnOn")}
          </Button>
        </>
      )}
    </div>
  );
}

/** "(3) Inbox · Conversa": the unread count in the tab's title, kept when a page sets its own title. */
function useUnreadTitle(unread: number) {
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(/^\(\d+\+?\) /, "");
      const next = unread > 0 ? `(${countLabel(unread)}) ${base}` : base;
      if (document.title !== next) document.title = next;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [unread]);
}

/** The unread count beside the Inbox menu item. */
export function InboxUnreadCount({ workspaceId }: { workspaceId: string }) {
  const t = useTranslations("notifications.bell");
  const { unread } = useNotifications(workspaceId);
  if (unread === 0) return null;
  return (
    <span className="ml-auto rounded-full bg-red-600 px-1.5 text-[10px] leading-4 font-semibold text-white" data-testid="inbox-unread">
      {t.rich("inboxUnread", { count: unread, shown: countLabel(unread), hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
    </span>
  );
}
