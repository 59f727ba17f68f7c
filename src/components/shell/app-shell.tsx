"use client";

import { FileText, Inbox, LayoutDashboard, LogOut, Megaphone, Menu, Settings, Users, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";
import { signOut } from "@/app/actions/auth";
import { InboxUnreadCount, NotificationBell } from "@/components/notifications/notification-bell";
import { useSettingsTabs } from "@/components/settings/settings-tabs";
import { cn } from "@/components/ui/cn";
import { MemberAvatar } from "@/components/ui/member-avatar";
import type { Availability } from "@/lib/availability";
import { isAdminRole } from "@/lib/roles";
import { AvailabilityControl } from "./availability-control";
import { KeyboardLayer } from "./keyboard-layer";
import { Logo } from "./logo";
import { type ShellWorkspace, WorkspaceSwitcher } from "./workspace-switcher";

/** The main menu; `name` is its catalogue key under shell.nav. */
const NAV = [
  { href: "/", name: "dashboard", icon: LayoutDashboard },
  { href: "/inbox", name: "inbox", icon: Inbox },
  { href: "/contacts", name: "contacts", icon: Users },
  { href: "/templates", name: "templates", icon: FileText },
  { href: "/broadcasts", name: "broadcasts", icon: Megaphone },
  { href: "/settings", name: "settings", icon: Settings },
] as const;

/** The first tab stop: past the navigation to what the page is about (an open conversation, or the page's content). */
function skipLink(pathname: string) {
  return /^\/inbox\/[^/]+/.test(pathname)
    ? { href: "#conversation", label: "skipToConversation" as const }
    : { href: "#main", label: "skipToMain" as const };
}

export function AppShell(props: {
  /** The signed-in user: their picture (or initials) and email link to their profile. */
  user: { id: string; email: string; name: string; avatarId: string | null };
  workspace: ShellWorkspace;
  workspaces: ShellWorkspace[];
  availability: Availability;
  children: ReactNode;
}) {
  const t = useTranslations("shell.nav");
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const skip = skipLink(pathname);
  const destinations = [
    ...NAV.map(({ href, name }) => ({ href, label: t(name) })),
    ...useSettingsTabs(isAdminRole(props.workspace.role)).map(({ href, label }) => ({ href, label: t("settingsPage", { page: label }) })),
  ];

  const sidebar = (
    <nav aria-label={t("label")} className="flex h-full flex-col gap-4 p-3">
      <div className="flex items-center justify-between px-2 pt-1">
        <Logo />
        <NotificationBell workspaceId={props.workspace.id} className="hidden md:block" />
      </div>
      <WorkspaceSwitcher current={props.workspace} workspaces={props.workspaces} />
      <ul className="flex-1 space-y-0.5">
        {NAV.map(({ href, name, icon: Icon }) => {
          const active = href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={href}>
              <Link
                href={href}
                onClick={() => setOpen(false)}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm font-medium",
                  active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
                )}
              >
                <Icon className="size-4" aria-hidden />
                {t(name)}
                {href === "/inbox" && <InboxUnreadCount workspaceId={props.workspace.id} />}
              </Link>
            </li>
          );
        })}
      </ul>
      <div className="border-t border-slate-200 pt-3">
        <AvailabilityControl key={props.workspace.id} initial={props.availability} />
        <Link
          href="/settings/profile"
          onClick={() => setOpen(false)}
          className="flex items-center gap-2 rounded-md px-2.5 py-1 text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-900"
          title={t("profile")}
        >
          <MemberAvatar userId={props.user.id} name={props.user.name} avatarId={props.user.avatarId} className="size-6 text-[10px]" />
          <span className="min-w-0 truncate">
            {t.rich("profileEmail", { email: props.user.email, hidden: (chunks) => <span className="sr-only">{chunks}</span> })}
          </span>
        </Link>
        <form action={signOut}>
          <button
            type="submit"
            className="mt-1 flex w-full items-center gap-2.5 rounded-md px-2.5 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900"
          >
            <LogOut className="size-4" aria-hidden />
            {t("signOut")}
          </button>
        </form>
      </div>
    </nav>
  );

  return (
    <div className="flex h-full">
      <a
        href={skip.href}
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-brand-700 focus:shadow-lg focus:ring-2 focus:ring-brand-600"
      >
        {t(skip.label)}
      </a>
      <KeyboardLayer destinations={destinations} />
      <aside className="hidden w-60 shrink-0 border-r border-slate-200 bg-white md:block">{sidebar}</aside>
      {open && (
        <div className="fixed inset-0 z-40 md:hidden">
          <button type="button" aria-label={t("closeMenu")} className="absolute inset-0 bg-slate-900/30" onClick={() => setOpen(false)} />
          <aside className="absolute inset-y-0 left-0 w-64 bg-white shadow-xl">{sidebar}</aside>
        </div>
      )}
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2.5 md:hidden">
          <button
            type="button"
            aria-label={open ? t("closeMenu") : t("openMenu")}
            onClick={() => setOpen(!open)}
            className="rounded-md p-1.5 hover:bg-slate-100"
          >
            {open ? <X className="size-5" /> : <Menu className="size-5" />}
          </button>
          <span className="flex-1 truncate text-sm font-semibold">{props.workspace.name}</span>
          <NotificationBell workspaceId={props.workspace.id} />
        </header>
        {/* The page's scroller and the skip link's target: a keyboard must be able to focus it to scroll a page with nothing else to focus (the dashboard). */}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region is keyboard-operable only when focusable (axe scrollable-region-focusable, WCAG 2.1.1) */}
        <main id="main" tabIndex={0} className="min-h-0 flex-1 overflow-y-auto">
          {props.children}
        </main>
      </div>
    </div>
  );
}
