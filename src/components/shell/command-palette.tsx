"use client";

import { Command } from "cmdk";
import { ArrowRight, Loader2, MessageSquare, Search, User, Zap } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { type ReactNode, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { searchContacts } from "@/app/actions/contacts";
import { getConversations } from "@/app/actions/inbox";
import { Kbd } from "@/components/ui/kbd";
import { CLOSED_PALETTE, matchesQuery, type PalettePage, palette } from "@/components/ui/palette";
import { useStatusLabel } from "@/components/ui/status-badge";
import { useKeyLabel, useRegisteredShortcuts } from "@/components/ui/use-shortcuts";
import { formatPhone } from "@/lib/format";

/** A page of the app the palette goes to. */
export interface PaletteDestination {
  href: string;
  label: string;
}

/** Typing stops this long before the palette asks the server. */
const SEARCH_DELAY_MS = 200;

/**
 * Ctrl/⌘+K: go to a conversation (the inbox's own search, every status),
 * a contact or a page, or run an action on the open conversation (the
 * registered shortcuts that offer themselves). A shortcut may open it on a
 * page of choices instead ("Assign to…").
 */
export function CommandPalette({ destinations }: { destinations: readonly PaletteDestination[] }) {
  const t = useTranslations("shell.palette");
  const state = useSyncExternalStore(palette.subscribe, palette.get, () => CLOSED_PALETTE);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!state.open) {
      if (element.open) element.close();
      return;
    }
    if (!element.open) element.showModal();
    // Typing goes to the search at once (also when a page of choices replaces the root), whatever the dialog's initial focus chose.
    element.querySelector<HTMLInputElement>("[cmdk-input]")?.focus();
  }, [state.open, state.page]);

  return (
    <dialog
      ref={dialog}
      aria-label={state.page?.title ?? t("title")}
      onClose={palette.close}
      // A click on the backdrop (the dialog itself, outside its content) closes it.
      onMouseDown={(event) => event.target === event.currentTarget && palette.close()}
      className="mx-auto mt-[12vh] w-[min(36rem,calc(100vw-2rem))] overflow-hidden rounded-xl bg-white p-0 shadow-2xl ring-1 ring-slate-200 backdrop:bg-slate-900/30"
    >
      {state.open && (state.page ? <ChoicePage key={state.page.title} page={state.page} /> : <RootPage destinations={destinations} />)}
    </dialog>
  );
}

/** Closes the palette, then acts (so focus the action moves is not taken back by the closing dialog). */
function choose(run: () => void) {
  palette.close();
  run();
}

function Frame({
  label,
  placeholder,
  query,
  onQuery,
  children,
}: {
  label: string;
  placeholder: string;
  query: string;
  onQuery: (query: string) => void;
  children: ReactNode;
}) {
  return (
    <Command label={label} shouldFilter={false} loop className="flex max-h-[60vh] flex-col">
      <div className="flex items-center gap-2 border-b border-slate-200 px-3">
        <Search className="size-4 shrink-0 text-slate-400" aria-hidden />
        <Command.Input
          value={query}
          onValueChange={onQuery}
          placeholder={placeholder}
          className="h-12 w-full border-0 bg-transparent text-sm text-slate-900 placeholder:text-slate-500 focus:ring-0 focus:outline-none"
        />
      </div>
      <Command.List className="min-h-0 overflow-y-auto p-1.5">{children}</Command.List>
    </Command>
  );
}

const itemClass =
  "flex cursor-pointer items-center gap-2.5 rounded-md px-2.5 py-2 text-sm text-slate-700 data-[selected=true]:bg-brand-50 data-[selected=true]:text-brand-800";
const headingClass =
  "[&_[cmdk-group-heading]]:px-2.5 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-slate-500";

function ChoicePage({ page }: { page: PalettePage }) {
  const t = useTranslations("shell.palette");
  const [query, setQuery] = useState("");
  const choices = page.choices.filter((c) => matchesQuery(`${c.label} ${c.hint ?? ""}`, query));
  return (
    <Frame label={page.title} placeholder={t("choicePlaceholder", { title: page.title })} query={query} onQuery={setQuery}>
      <Command.Empty className="px-3 py-6 text-center text-sm text-slate-500">{t("nothingMatches")}</Command.Empty>
      <Command.Group heading={page.title} className={headingClass}>
        {choices.map((c) => (
          <Command.Item key={c.id} value={c.id} onSelect={() => choose(c.run)} className={itemClass}>
            <span className="min-w-0 flex-1 truncate">{c.label}</span>
            {c.hint && <span className="shrink-0 text-xs text-slate-500">{c.hint}</span>}
          </Command.Item>
        ))}
      </Command.Group>
    </Frame>
  );
}

function RootPage({ destinations }: { destinations: readonly PaletteDestination[] }) {
  const t = useTranslations("shell.palette");
  const statusLabel = useStatusLabel();
  const router = useRouter();
  const keyLabel = useKeyLabel();
  const [query, setQuery] = useState("");
  const found = useSearch(query);
  const actions = useRegisteredShortcuts().filter((s) => s.palette && matchesQuery(s.label, query));
  const pages = destinations.filter((d) => matchesQuery(d.label, query));
  const go = (href: string) => choose(() => router.push(href));
  const nothing = actions.length + pages.length + found.conversations.length + found.contacts.length === 0;

  return (
    <Frame label={t("title")} placeholder={t("placeholder")} query={query} onQuery={setQuery}>
      {found.loading && (
        <Command.Loading className="flex items-center gap-2 px-3 py-2 text-xs text-slate-500">
          <Loader2 className="size-3.5 animate-spin" aria-hidden /> {t("searching")}
        </Command.Loading>
      )}
      {nothing && !found.loading && <p className="px-3 py-6 text-center text-sm text-slate-500">{t("nothingMatchesQuery", { query })}</p>}
      {found.error && (
        <p role="alert" className="px-3 py-2 text-sm text-red-700">
          {found.error}
        </p>
      )}
      {actions.length > 0 && (
        <Command.Group heading={t("actions")} className={headingClass}>
          {actions.map((action) => (
            <Command.Item key={action.id} value={`action:${action.id}`} onSelect={() => choose(action.run)} className={itemClass}>
              <Zap className="size-4 shrink-0 text-slate-400" aria-hidden />
              <span className="min-w-0 flex-1 truncate">{action.label}</span>
              {action.keys[0] && <Kbd>{keyLabel(action.keys[0])}</Kbd>}
            </Command.Item>
          ))}
        </Command.Group>
      )}
      {found.conversations.length > 0 && (
        <Command.Group heading={t("conversations")} className={headingClass}>
          {found.conversations.map((c) => (
            <Command.Item key={c.id} value={`conversation:${c.id}`} onSelect={() => go(`/inbox/${c.id}`)} className={itemClass}>
              <MessageSquare className="size-4 shrink-0 text-slate-400" aria-hidden />
              <span className="min-w-0 flex-1 truncate">
                {c.contact_name || formatPhone(c.phone_e164)}
                <span className="ml-2 text-xs text-slate-500">{c.last_message_preview}</span>
              </span>
              {c.status !== "open" && <span className="shrink-0 text-xs text-slate-500">{statusLabel("conversation", c.status)}</span>}
            </Command.Item>
          ))}
        </Command.Group>
      )}
      {found.contacts.length > 0 && (
        <Command.Group heading={t("contacts")} className={headingClass}>
          {found.contacts.map((c) => (
            <Command.Item key={c.id} value={`contact:${c.id}`} onSelect={() => go(`/contacts/${c.id}`)} className={itemClass}>
              <User className="size-4 shrink-0 text-slate-400" aria-hidden />
              <span className="min-w-0 flex-1 truncate">{c.name || formatPhone(c.phone_e164)}</span>
              <span className="shrink-0 text-xs text-slate-500 tabular-nums">{formatPhone(c.phone_e164)}</span>
            </Command.Item>
          ))}
        </Command.Group>
      )}
      {pages.length > 0 && (
        <Command.Group heading={t("goTo")} className={headingClass}>
          {pages.map((d) => (
            <Command.Item key={d.href} value={`page:${d.href}`} onSelect={() => go(d.href)} className={itemClass}>
              <ArrowRight className="size-4 shrink-0 text-slate-400" aria-hidden />
              <span className="min-w-0 flex-1 truncate">{d.label}</span>
            </Command.Item>
          ))}
        </Command.Group>
      )}
    </Frame>
  );
}

type Found = {
  conversations: Extract<Awaited<ReturnType<typeof getConversations>>, { ok: true }>["data"]["items"];
  contacts: Extract<Awaited<ReturnType<typeof searchContacts>>, { ok: true }>["data"];
};
const NOTHING_FOUND: Found = { conversations: [], contacts: [] };
/** The palette shows this many of each kind. */
const SHOWN = 5;

/** Conversations (every status, the inbox's search) and contacts matching what is typed, after a pause; stale answers dropped. */
function useSearch(query: string) {
  const [found, setFound] = useState<Found & { for: string }>({ ...NOTHING_FOUND, for: "" });
  const [error, setError] = useState<string | null>(null);
  const search = query.trim();

  useEffect(() => {
    if (!search) return;
    let stale = false;
    const timer = setTimeout(async () => {
      const [conversations, contacts] = await Promise.all([getConversations({ filter: {}, search }), searchContacts({ search })]);
      if (stale) return;
      const failed = [conversations, contacts].find((r) => !r.ok);
      setError(failed && !failed.ok ? failed.error.message : null);
      setFound({
        conversations: conversations.ok ? conversations.data.items.slice(0, SHOWN) : [],
        contacts: contacts.ok ? contacts.data.slice(0, SHOWN) : [],
        for: search,
      });
    }, SEARCH_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [search]);

  if (!search) return { ...NOTHING_FOUND, loading: false, error: null };
  const current = found.for === search;
  return { ...(current ? found : NOTHING_FOUND), loading: !current, error: current ? error : null };
}
