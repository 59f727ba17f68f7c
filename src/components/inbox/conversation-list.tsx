"use client";

import { Inbox, Loader2, Search, SearchX } from "lucide-react";
import { usePathname } from "next/navigation";
import { type RefObject, useCallback, useEffect, useRef, useState, useTransition } from "react";
import { getConversations } from "@/app/actions/inbox";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { ListSkeleton } from "@/components/ui/skeleton";
import type { ConversationFilter, ConversationListItem, ConversationPage, StatusTab } from "@/server/inbox/queries";
import { type Assignee, ConversationRow } from "./conversation-row";
import { NewConversationButton } from "./new-conversation-button";
import { useNow } from "./use-now";
import { useWorkspaceEvents } from "./use-workspace-events";

const FILTERS: { value: ConversationFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "unread", label: "Unread" },
  { value: "mine", label: "Mine" },
  { value: "unassigned", label: "Unassigned" },
  { value: "needs_human", label: "Needs human" },
];

const STATUS_TABS: { value: StatusTab; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "pending", label: "Pending" },
  { value: "snoozed", label: "Snoozed" },
  { value: "resolved", label: "Resolved" },
  { value: "all", label: "All" },
];

const EMPTY_TEXT: Record<ConversationFilter, string> = {
  all: "When a customer writes to one of your WhatsApp numbers, the conversation appears here.",
  unread: "Everything is read. New messages show up here first.",
  mine: "No open conversations are assigned to you.",
  unassigned: "Every open conversation has someone on it.",
  needs_human: "Conversations the AI assistant handed over to a person show up here.",
};

/** What an empty status tab says when no other filter narrows it. */
const EMPTY_STATUS_TEXT: Partial<Record<StatusTab, string>> = {
  pending: "Conversations waiting on the customer show up here.",
  snoozed: "Snoozed conversations wait here and come back to Open at their time.",
  resolved: "Resolved conversations come back to Open when the customer writes again.",
};

const isOlder = (a: ConversationListItem, b: ConversationListItem) =>
  a.last_message_at < b.last_message_at || (a.last_message_at === b.last_message_at && a.id < b.id);

/**
 * Refreshed first page merged with what was loaded below it: rows that
 * changed move to their new place (or leave, when they no longer match).
 */
function mergeFirstPage(fresh: ConversationPage, loaded: ConversationListItem[], changed: Set<string>): ConversationListItem[] {
  const freshIds = new Set(fresh.items.map((c) => c.id));
  const boundary = fresh.items.at(-1);
  if (!fresh.nextCursor || !boundary) return fresh.items;
  const rest = loaded.filter((c) => !freshIds.has(c.id) && !changed.has(c.id) && isOlder(c, boundary));
  return [...fresh.items, ...rest];
}

type Query = { status: StatusTab; filter: ConversationFilter; search: string };

/** The inbox's list: filters and search, pages loaded as it scrolls, and live reordering as conversations change. */
export function ConversationList({
  initialPage,
  currentUserId,
  members,
}: {
  initialPage: ConversationPage;
  currentUserId: string;
  members: { id: string; name: string }[];
}) {
  const pathname = usePathname();
  const selectedId = pathname.startsWith("/inbox/") ? (pathname.split("/")[2] ?? null) : null;
  const now = useNow();
  const [status, setStatus] = useState<StatusTab>("open");
  const [filter, setFilter] = useState<ConversationFilter>("all");
  const [search, setSearch] = useState("");
  const query = useSettledQuery(status, filter, search);
  const pages = useConversationPages(initialPage, query);
  const memberNames = new Map(members.map((m) => [m.id, m.name]));
  // The avatar shows the member's own initials, the signed-in member's too (not "YO" for "You").
  const assigneeOf = (id: string | null) => (id ? { name: memberNames.get(id) ?? "?", you: id === currentUserId } : null);

  // Narrower from xl up to 1440px, where the contact panel takes a column too and the thread's header would lose the name.
  return (
    <section
      aria-label="Conversation list"
      className={cn(
        "flex w-full min-h-0 flex-col border-r border-slate-200 bg-white md:w-80 lg:w-96 xl:w-80 min-[90rem]:w-96",
        selectedId && "hidden md:flex",
      )}
    >
      <ListControls status={status} onStatus={setStatus} filter={filter} onFilter={setFilter} search={search} onSearch={setSearch} />
      <ListBody pages={pages} query={query} now={now} selectedId={selectedId} assigneeOf={assigneeOf} />
    </section>
  );
}

/** The query the list shows: the status tab and filter at once, the search after a pause in typing. */
function useSettledQuery(status: StatusTab, filter: ConversationFilter, search: string): Query {
  const [query, setQuery] = useState<Query>({ status: "open", filter: "all", search: "" });
  useEffect(() => {
    const timer = setTimeout(() => setQuery({ status, filter, search: search.trim() }), search ? 250 : 0);
    return () => clearTimeout(timer);
  }, [status, filter, search]);
  return query;
}

/** The action's input for a query. */
const asked = (query: Query) => ({ status: query.status, filter: query.filter, search: query.search || undefined });

/**
 * The list's rows for a query: the first page again whenever the query
 * changes, further pages on demand, and the first page refetched and merged
 * after live changes. Answers for a query no longer shown are dropped.
 */
function useConversationPages(initialPage: ConversationPage, query: Query) {
  const [items, setItems] = useState(initialPage.items);
  const [cursor, setCursor] = useState(initialPage.nextCursor);
  const [error, setError] = useState<string | null>(null);
  const [loadingFirst, startFirst] = useTransition();
  const [loadingMore, setLoadingMore] = useState(false);
  const queryRef = useRef(query);
  queryRef.current = query;

  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    startFirst(async () => {
      const result = await getConversations(asked(query));
      if (queryRef.current !== query) return;
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setError(null);
      setItems(result.data.items);
      setCursor(result.data.nextCursor);
    });
  }, [query]);

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    const shown = queryRef.current;
    const result = await getConversations({ ...asked(shown), cursor });
    setLoadingMore(false);
    if (queryRef.current !== shown) return;
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setItems((current) => {
      const seen = new Set(current.map((c) => c.id));
      return [...current, ...result.data.items.filter((c) => !seen.has(c.id))];
    });
    setCursor(result.data.nextCursor);
  }, [cursor, loadingMore]);

  const refetchFirst = useCallback((changed: Set<string>) => {
    const shown = queryRef.current;
    void getConversations(asked(shown)).then((result) => {
      if (!result.ok || queryRef.current !== shown) return;
      setItems((current) => mergeFirstPage(result.data, current, changed));
      setCursor((current) => current ?? result.data.nextCursor);
    });
  }, []);
  useLiveReorder(refetchFirst);

  return { items, error, loadingFirst, loadingMore, loadMore };
}

/** Live order: changes are collected for a moment, then `refetch` gets the ids of the conversations that changed. */
function useLiveReorder(refetch: (changed: Set<string>) => void) {
  const pending = useRef<{ changed: Set<string>; timer: ReturnType<typeof setTimeout> | null }>({ changed: new Set(), timer: null });
  const flush = useCallback(() => {
    const { changed } = pending.current;
    pending.current = { changed: new Set(), timer: null };
    refetch(changed);
  }, [refetch]);
  useWorkspaceEvents((event) => {
    // A contact's change (its name) touches rows without saying which: refetch without moving any row.
    const conversationId = event.kind === "change" && event.change.table !== "contacts" ? event.change.conversation_id : null;
    if (conversationId) pending.current.changed.add(conversationId);
    pending.current.timer ??= setTimeout(flush, 150);
  });
}

/** Infinite scroll: `onVisible` runs when the element comes near the viewport. */
function useNearViewport<T extends Element>(onVisible: () => unknown): RefObject<T | null> {
  const sentinel = useRef<T>(null);
  useEffect(() => {
    const element = sentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onVisible(), {
      rootMargin: "400px",
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [onVisible]);
  return sentinel;
}

function ListControls({
  status,
  onStatus,
  filter,
  onFilter,
  search,
  onSearch,
}: {
  status: StatusTab;
  onStatus: (status: StatusTab) => void;
  filter: ConversationFilter;
  onFilter: (filter: ConversationFilter) => void;
  search: string;
  onSearch: (search: string) => void;
}) {
  return (
    <div className="space-y-3 border-b border-slate-200 p-3">
      <div className="flex items-center gap-2">
        <div className="relative min-w-0 flex-1">
          <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden />
          <input
            type="search"
            value={search}
            onChange={(e) => onSearch(e.target.value)}
            placeholder="Search name, phone or message"
            aria-label="Search conversations"
            className="block w-full rounded-md border-0 bg-slate-100 py-2 pr-3 pl-9 text-sm text-slate-900 placeholder:text-slate-500 focus:bg-white focus:ring-2 focus:ring-brand-600 focus:outline-none"
          />
        </div>
        <NewConversationButton />
      </div>
      <div className="flex gap-3 overflow-x-auto border-b border-slate-100 text-xs" role="tablist" aria-label="Conversation status">
        {STATUS_TABS.map((t) => (
          <button
            key={t.value}
            type="button"
            role="tab"
            aria-selected={status === t.value}
            onClick={() => onStatus(t.value)}
            className={cn(
              "-mb-px shrink-0 border-b-2 px-0.5 pb-1.5 font-medium transition-colors",
              status === t.value ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800",
            )}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="flex flex-wrap gap-1" role="tablist" aria-label="Filter conversations">
        {FILTERS.map((f) => (
          <button
            key={f.value}
            type="button"
            role="tab"
            aria-selected={filter === f.value}
            onClick={() => onFilter(f.value)}
            className={cn(
              "shrink-0 rounded-full px-3 py-1 text-xs font-medium transition-colors",
              filter === f.value ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-600 hover:bg-slate-200",
            )}
          >
            {f.label}
          </button>
        ))}
      </div>
    </div>
  );
}

function ListBody({
  pages,
  query,
  now,
  selectedId,
  assigneeOf,
}: {
  pages: ReturnType<typeof useConversationPages>;
  query: Query;
  now: Date;
  selectedId: string | null;
  assigneeOf: (id: string | null) => Assignee | null;
}) {
  const { items, error, loadingFirst, loadingMore } = pages;
  const sentinel = useNearViewport<HTMLLIElement>(pages.loadMore);
  return (
    <div className="relative min-h-0 flex-1 overflow-y-auto" aria-busy={loadingFirst}>
      {error && (
        <p role="alert" className="m-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      {loadingFirst && items.length === 0 ? (
        <ListSkeleton />
      ) : items.length === 0 ? (
        query.search ? (
          <EmptyState icon={SearchX} title="No matches">
            Nothing matches “{query.search}”{query.status === "all" ? "" : " here"}. Try part of a name, a phone number or words from a
            message{query.status === "all" ? "" : ", or search every status under All"}.
          </EmptyState>
        ) : (
          <EmptyState icon={Inbox} title={query.filter === "all" && query.status === "open" ? "No conversations yet" : "Nothing here"}>
            {(query.filter === "all" && EMPTY_STATUS_TEXT[query.status]) || EMPTY_TEXT[query.filter]}
          </EmptyState>
        )
      ) : (
        <ul aria-label="Conversations" className={cn("divide-y divide-slate-100 transition-opacity", loadingFirst && "opacity-60")}>
          {items.map((conversation) => (
            <ConversationRow
              key={conversation.id}
              conversation={conversation}
              now={now}
              selected={conversation.id === selectedId}
              assignee={assigneeOf(conversation.assigned_to)}
            />
          ))}
          <li ref={sentinel} className="flex h-12 items-center justify-center text-slate-400">
            {loadingMore && <Loader2 className="size-4 animate-spin" aria-label="Loading more" />}
          </li>
        </ul>
      )}
    </div>
  );
}
