"use client";

import { Bookmark, Loader2, Pencil, Plus, Share2, Trash2, Users, X } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { createView, deleteView, getSidebarViews, shareView, updateView } from "@/app/actions/views";
import { cn } from "@/components/ui/cn";
import { type ConversationFilter, sameFilter } from "@/lib/conversation-filter";
import { debounce } from "@/lib/debounce";
import { useInboxFilter } from "./use-inbox-filter";
import { useWorkspaceEvents } from "./use-workspace-events";
import { useViewsDrawer, VIEWS_DRAWER_ID } from "./views-drawer";

type Sidebar = Extract<Awaited<ReturnType<typeof getSidebarViews>>, { ok: true }>["data"];

/**
 * Counts follow the workspace's live changes, once a burst has paused (and
 * at least this often while changes keep coming): one statement counts every
 * view (~40 ms for the presets over 10k conversations), once per burst, not per change.
 */
const COUNT_AFTER_MS = 400;
const COUNT_AT_LEAST_EVERY_MS = 3_000;

/**
 * The inbox's views: the built-in presets, views shared with the workspace
 * and the member's own, each a link to the inbox with its filter and a live
 * count. "Save view" keeps the current filter; admins may share theirs.
 */
export function InboxViews({ canShare, initial }: { canShare: boolean; initial: Sidebar }) {
  const t = useTranslations("inbox.views");
  const { filter, hrefFor } = useInboxFilter();
  const [sidebar, setSidebar] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const drawer = useViewsDrawer();
  const navRef = useRef<HTMLElement>(null);
  // Picking a view changes the URL's filter, which closes the drawer.
  const shown = hrefFor(filter);
  const { setOpen } = drawer;
  useEffect(() => {
    if (shown) setOpen(false);
  }, [shown, setOpen]);
  // An opened drawer takes the focus (its first view) and closes on Esc wherever the focus is.
  useEffect(() => {
    if (!drawer.open) return;
    navRef.current?.querySelector("a")?.focus();
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === "Escape") drawer.setOpen(false);
    };
    document.addEventListener("keydown", closeOnEscape);
    return () => document.removeEventListener("keydown", closeOnEscape);
  }, [drawer]);

  // Answers may arrive out of order: only the latest request's is shown.
  const asked = useRef(0);
  const reload = useCallback(async () => {
    const request = ++asked.current;
    const result = await getSidebarViews({});
    if (result.ok && request === asked.current) setSidebar(result.data);
  }, []);

  const [recount] = useState(() => debounce(() => void reload(), { wait: COUNT_AFTER_MS, maxWait: COUNT_AT_LEAST_EVERY_MS }));
  useEffect(() => () => recount.cancel(), [recount]);
  // Every change may move a count (a message: unread; a conversation: status, assignee, team; activity: labels; a contact: its fields).
  useWorkspaceEvents(() => recount.call());

  const act = async (run: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    setError(null);
    const result = await run();
    if (!result.ok) setError(result.error?.message ?? t("failed"));
    await reload();
  };

  const shared = sidebar.views.filter((v) => v.shared);
  const mine = sidebar.views.filter((v) => !v.shared);
  // A column from 1440px; below, a drawer over the list (views-drawer.tsx).
  return (
    <>
      {drawer.open && (
        <button
          type="button"
          aria-label={t("close")}
          tabIndex={-1}
          onClick={() => drawer.setOpen(false)}
          className="fixed inset-0 z-30 bg-slate-900/30 min-[90rem]:hidden"
        />
      )}
      <nav
        id={VIEWS_DRAWER_ID}
        ref={navRef}
        aria-label={t("label")}
        className={cn(
          "w-52 shrink-0 flex-col gap-4 overflow-y-auto border-r border-slate-200 bg-slate-50 p-3 text-sm min-[90rem]:static min-[90rem]:flex min-[90rem]:shadow-none",
          drawer.open ? "fixed inset-y-0 left-0 z-40 flex w-64 shadow-xl" : "hidden",
        )}
      >
        {drawer.open && (
          <button
            type="button"
            onClick={() => drawer.setOpen(false)}
            aria-label={t("close")}
            className="self-end rounded p-1 text-slate-500 hover:bg-slate-200 min-[90rem]:hidden"
          >
            <X className="size-4" aria-hidden />
          </button>
        )}
        <ViewGroup title={t("inbox")}>
          {sidebar.presets.map((preset) => (
            <li key={preset.key} className="flex">
              <ViewLink
                name={t(`presets.${preset.key}`)}
                count={preset.count}
                href={hrefFor(preset.filter)}
                active={sameFilter(filter, preset.filter)}
              />
            </li>
          ))}
        </ViewGroup>
        {shared.length > 0 && (
          <ViewGroup title={t("shared")}>
            {shared.map((view) => (
              <SavedView key={view.id} view={view} current={filter} hrefFor={hrefFor} canEdit={canShare} canShare={false} act={act} />
            ))}
          </ViewGroup>
        )}
        <ViewGroup title={t("mine")}>
          {mine.map((view) => (
            <SavedView key={view.id} view={view} current={filter} hrefFor={hrefFor} canEdit canShare={canShare} act={act} />
          ))}
          {mine.length === 0 && <li className="px-2 text-xs text-slate-500">{t("mineEmpty")}</li>}
        </ViewGroup>
        {error && (
          <p role="alert" className="rounded bg-red-50 px-2 py-1 text-xs text-red-700">
            {error}
          </p>
        )}
        <SaveView filter={filter} onSaved={reload} />
      </nav>
    </>
  );
}

function ViewGroup({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div>
      <h2 className="mb-1 px-2 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{title}</h2>
      <ul className="space-y-0.5">{children}</ul>
    </div>
  );
}

function ViewLink({
  name,
  count,
  href,
  active,
  icon,
}: {
  name: string;
  count: number | null;
  href: string;
  active: boolean;
  icon?: React.ReactNode;
}) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex min-w-0 flex-1 items-center gap-1.5 rounded-md px-2 py-1.5",
        active ? "bg-brand-100 font-medium text-brand-800" : "text-slate-700 hover:bg-slate-200/60",
      )}
    >
      {icon}
      <span className="min-w-0 flex-1 truncate">{name}</span>
      <span className={cn("shrink-0 text-xs tabular-nums", active ? "text-brand-800" : "text-slate-500")} data-testid="view-count">
        {count ?? "–"}
      </span>
    </Link>
  );
}

function SavedView({
  view,
  current,
  hrefFor,
  canEdit,
  canShare,
  act,
}: {
  view: Sidebar["views"][number];
  current: ConversationFilter;
  hrefFor: (filter: ConversationFilter) => string;
  canEdit: boolean;
  canShare: boolean;
  act: (run: () => Promise<{ ok: boolean; error?: { message: string } }>) => Promise<void>;
}) {
  const t = useTranslations("inbox.views");
  const [renaming, setRenaming] = useState(false);
  const rename = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    setRenaming(false);
    void act(() => updateView({ viewId: view.id, name }));
  };
  if (renaming) {
    return (
      <li>
        <form onSubmit={rename}>
          <input
            name="name"
            defaultValue={view.name}
            aria-label={t("name")}
            // biome-ignore lint/a11y/noAutofocus: opened by the Rename button to type in
            autoFocus
            onBlur={() => setRenaming(false)}
            onKeyDown={(e) => e.key === "Escape" && setRenaming(false)}
            maxLength={60}
            className="block w-full rounded-md border-0 px-2 py-1 text-sm ring-1 ring-brand-600"
          />
        </form>
      </li>
    );
  }
  return (
    <li className="group flex items-center">
      {view.filter ? (
        <ViewLink
          name={view.name}
          count={view.count}
          href={hrefFor(view.filter)}
          active={sameFilter(current, view.filter)}
          icon={view.shared ? <Users className="size-3.5 shrink-0 text-slate-400" aria-label={t("sharedIcon")} /> : undefined}
        />
      ) : (
        <span className="flex-1 px-2 py-1.5 text-slate-500" title={t("brokenHint")}>
          {t("broken", { name: view.name })}
        </span>
      )}
      {canEdit && (
        <span className="hidden shrink-0 items-center group-focus-within:flex group-hover:flex">
          <button
            type="button"
            aria-label={t("rename", { name: view.name })}
            onClick={() => setRenaming(true)}
            className="rounded p-1 text-slate-400 hover:text-slate-700"
          >
            <Pencil className="size-3" aria-hidden />
          </button>
          {canShare && (
            <button
              type="button"
              aria-label={t("share", { name: view.name })}
              onClick={() => void act(() => shareView({ viewId: view.id }))}
              className="rounded p-1 text-slate-400 hover:text-slate-700"
            >
              <Share2 className="size-3" aria-hidden />
            </button>
          )}
          <button
            type="button"
            aria-label={t("delete", { name: view.name })}
            onClick={() => void act(() => deleteView({ viewId: view.id }))}
            className="rounded p-1 text-slate-400 hover:text-red-600"
          >
            <Trash2 className="size-3" aria-hidden />
          </button>
        </span>
      )}
    </li>
  );
}

function SaveView({ filter, onSaved }: { filter: ConversationFilter; onSaved: () => Promise<void> }) {
  const t = useTranslations("inbox.views");
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    const result = await createView({ name: String(new FormData(form).get("name") ?? ""), filter });
    setPending(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setError(null);
    setOpen(false);
    await onSaved();
  };
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="flex items-center gap-1.5 px-2 text-xs font-medium text-brand-700 hover:underline"
      >
        <Plus className="size-3.5" aria-hidden /> {t("save")}
      </button>
    );
  }
  return (
    <form onSubmit={save} className="space-y-1.5">
      <label htmlFor="view-name" className="flex items-center gap-1 px-1 text-xs font-medium text-slate-700">
        <Bookmark className="size-3.5" aria-hidden /> {t("saveAs")}
      </label>
      <input
        id="view-name"
        name="name"
        required
        maxLength={60}
        placeholder={t("name")}
        // biome-ignore lint/a11y/noAutofocus: opened by "Save view" to type in
        autoFocus
        className="block w-full rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-600"
      />
      {error && (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-1">
        <button type="button" onClick={() => setOpen(false)} className="rounded px-2 py-1 text-xs text-slate-600 hover:bg-slate-200">
          {t("cancel")}
        </button>
        <button
          type="submit"
          disabled={pending}
          className="inline-flex items-center gap-1 rounded bg-brand-700 px-2 py-1 text-xs font-medium text-white"
        >
          {pending && <Loader2 className="size-3 animate-spin" aria-hidden />} {t("saveButton")}
        </button>
      </div>
    </form>
  );
}
