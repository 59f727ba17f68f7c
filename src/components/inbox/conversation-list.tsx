"use client";

import { Inbox, Loader2, PanelLeft, Search, SearchX } from "lucide-react";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { type ReactNode, type RefObject, useCallback, useEffect, useRef, useState, useTransition } from "react";
import { countMatching } from "@/app/actions/bulk";
import { getConversations } from "@/app/actions/inbox";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { FormStatus } from "@/components/ui/field";
import { ListSkeleton } from "@/components/ui/skeleton";
import { type ConversationFilter, DEFAULT_FILTER, refinementCount, sameFilter } from "@/lib/conversation-filter";
import type { ConversationListItem, ConversationPage } from "@/server/inbox/queries";
import { BulkBar, type BulkSelection } from "./bulk-bar";
import { type Assignee, ConversationRow } from "./conversation-row";
import { FilterBar, type FilterOptions } from "./filter-bar";
import { applyChanges, type ListChange, matchesQuery, mergeFirstPage } from "./live-list";
import { liveMatchingCount } from "./matching-count";
import { NewConversationButton } from "./new-conversation-button";
import { NO_PICKS, type RowPicks, togglePick } from "./row-selection";
import { useInboxFilter } from "./use-inbox-filter";
import { type ListKeyboard, useListKeyboard } from "./use-list-keyboard";
import { useNow } from "./use-now";
import { useWorkspaceEvents } from "./use-workspace-events";
import { useViewsDrawer, VIEWS_DRAWER_ID } from "./views-drawer";

/** Which empty state a list shows (inbox.list.empty.*): about the filter's other fields, or about the status shown. */
function emptyKind(filter: ConversationFilter) {
  if (refinementCount(filter) > 0) return "filtered";
  const only = filter.status?.length === 1 ? filter.status[0] : undefined;
  return only ?? "none";
}

type Query = { filter: ConversationFilter; search: string };

/** A query as the list's actions take it (an empty search is none). */
const listInput = (query: Query) => ({ filter: query.filter, search: query.search || undefined });

/**
 * The inbox's list: the filter (from the URL) and search, pages loaded as it
 * scrolls, live reordering as conversations change, and picking rows for
 * bulk actions.
 */
export function ConversationList({
  initialPage,
  currentUserId,
  options,
}: {
  /** The first page of DEFAULT_FILTER, rendered by the server. */
  initialPage: ConversationPage;
  currentUserId: string;
  options: FilterOptions;
}) {
  const t = useTranslations("inbox.list");
  const pathname = usePathname();
  const selectedId = pathname.startsWith("/inbox/") ? (pathname.split("/")[2] ?? null) : null;
  const now = useNow();
  const inbox = useInboxFilter();
  const [search, setSearch] = useState("");
  const query = useSettledQuery(inbox.filter, search);
  const pages = useConversationPages(initialPage, query, currentUserId);
  const selection = useSelection(pages.items, query);
  const keyboard = useListKeyboard(
    pages.items.map((c) => c.id),
    selectedId,
  );
  const [status, setStatus] = useState<string | null>(null);
  const memberNames = new Map(options.members.map((m) => [m.id, m.name]));
  // The avatar shows the member's own initials, the signed-in member's too (not "YO" for "You").
  const assigneeOf = (id: string | null) => (id ? { name: memberNames.get(id) ?? "?", you: id === currentUserId } : null);

  // 20rem until 2xl: the app's menu, the views (from 1440px) and the contact panel (from xl) take their columns too,
  // and the thread keeps at least ~22rem for its header's name and number (issue 21, e2e/inbox-panel.spec.ts).
  return (
    <section
      aria-label={t("label")}
      className={cn("flex w-full min-h-0 flex-col border-r border-slate-200 bg-white md:w-80 2xl:w-96", selectedId && "hidden md:flex")}
    >
      <ListControls search={search} onSearch={setSearch} searchRef={keyboard.searchRef}>
        <FilterBar filter={inbox.filter} onChange={inbox.setFilter} options={options} />
      </ListControls>
      <FormStatus message={status} />
      <ListBody
        pages={pages}
        query={query}
        now={now}
        selectedId={selectedId}
        assigneeOf={assigneeOf}
        hrefOf={(id) => `/inbox/${id}?${inbox.query}`}
        selection={selection}
        keyboard={keyboard}
        bulkBar={
          selection.target && (
            <BulkBar
              selection={selection.target}
              selectedCount={selection.allMatching ? (selection.matching ?? 0) : selection.picked.size}
              matchingCount={selection.matching}
              onSelectAllMatching={selection.selectAllMatching}
              onClear={selection.clear}
              onDone={(message) => {
                selection.clear();
                setStatus(message);
                pages.refetchFirst();
              }}
              options={options}
            />
          )
        }
      />
    </section>
  );
}

/** The query the list shows: the filter at once, the search after a pause in typing. */
function useSettledQuery(filter: ConversationFilter, search: string): Query {
  const [query, setQuery] = useState<Query>({ filter: DEFAULT_FILTER, search: "" });
  useEffect(() => {
    const timer = setTimeout(
      () =>
        setQuery((current) =>
          sameFilter(current.filter, filter) && current.search === search.trim() ? current : { filter, search: search.trim() },
        ),
      search ? 250 : 0,
    );
    return () => clearTimeout(timer);
  }, [filter, search]);
  return query;
}

/**
 * Rows picked for a bulk action: click or Space toggles one, Shift picks
 * the range from the last one toggled, and "select all N matching" turns
 * the selection into the filter itself (resolved on the server, across
 * pages). A new query starts over.
 */
function useSelection(items: ConversationListItem[], query: Query) {
  const [picks, setPicks] = useState<RowPicks>(NO_PICKS);
  const [allMatching, setAllMatching] = useState(false);
  const [matching, setMatching] = useState<number | null>(null);

  // A new query starts over (adjusting state while rendering, as React advises over an effect).
  const [selectedFor, setSelectedFor] = useState(query);
  if (selectedFor !== query) {
    setSelectedFor(query);
    setPicks(NO_PICKS);
    setAllMatching(false);
    setMatching(null);
  }

  // How many match (for "Select all N matching"): asked once rows are picked, again as live changes move it.
  const picking = picks.ids.size > 0;
  const counter = useRef<ReturnType<typeof liveMatchingCount> | null>(null);
  useEffect(() => {
    if (!picking) return;
    const live = liveMatchingCount(() => countMatching(listInput(query)).then((result) => (result.ok ? result.data : null)), setMatching);
    counter.current = live;
    live.start();
    return () => {
      live.stop();
      counter.current = null;
    };
  }, [picking, query]);
  useWorkspaceEvents((event) => counter.current?.changed(event));

  const toggle = (id: string, range: boolean) => {
    setAllMatching(false);
    const order = items.map((c) => c.id);
    setPicks((current) => togglePick(current, order, id, range));
  };

  const clear = () => {
    setPicks(NO_PICKS);
    setAllMatching(false);
  };

  const picked = picks.ids;
  const target: BulkSelection | null = allMatching ? listInput(query) : picked.size > 0 ? { ids: [...picked] } : null;
  return { picked, allMatching, matching, target, toggle, clear, selectAllMatching: () => setAllMatching(true) };
}

/**
 * The list's rows for a query: the first page again whenever the query
 * changes, further pages on demand, and live rows merged in as they are
 * pushed (the first page refetched only on a resync, or for a row the
 * browser cannot place: a search, a filter on the contact's fields).
 * Answers for a query no longer shown are dropped.
 */
function useConversationPages(initialPage: ConversationPage, query: Query, userId: string) {
  const [items, setItems] = useState(initialPage.items);
  const [cursor, setCursor] = useState(initialPage.nextCursor);
  const [error, setError] = useState<string | null>(null);
  const [loadingFirst, startFirst] = useTransition();
  const [loadingMore, setLoadingMore] = useState(false);
  const queryRef = useRef(query);
  queryRef.current = query;
  const cursorRef = useRef(cursor);
  cursorRef.current = cursor;

  // A first page may have been read before a change that is pushed while it travels: what is pushed meanwhile is
  // recorded per fetch and applied again on top of its answer (the rows pushed later are the newer ones).
  const recorders = useRef(new Set<ListChange[]>());
  const fetchFirstPage = useCallback(async (asked: Query) => {
    const pushedMeanwhile: ListChange[] = [];
    recorders.current.add(pushedMeanwhile);
    try {
      return { result: await getConversations(listInput(asked)), pushedMeanwhile };
    } finally {
      recorders.current.delete(pushedMeanwhile);
    }
  }, []);

  // The server rendered DEFAULT_FILTER's first page: a link with another filter asks at once.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      if (sameFilter(query.filter, DEFAULT_FILTER) && !query.search) return;
    }
    startFirst(async () => {
      const { result, pushedMeanwhile } = await fetchFirstPage(query);
      if (queryRef.current !== query) return;
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setError(null);
      setItems(applyChanges(result.data.items, pushedMeanwhile, query, userId, result.data.nextCursor !== null));
      setCursor(result.data.nextCursor);
    });
  }, [query, fetchFirstPage, userId]);

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    const asked = queryRef.current;
    const result = await getConversations({ ...listInput(asked), cursor });
    setLoadingMore(false);
    if (queryRef.current !== asked) return;
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

  // One refetch at a time; asked again while one runs, it runs once more after it.
  const refetching = useRef<"idle" | "running" | "again">("idle");
  const refetchFirst = useCallback(() => {
    if (refetching.current !== "idle") {
      refetching.current = "again";
      return;
    }
    refetching.current = "running";
    const asked = queryRef.current;
    void fetchFirstPage(asked)
      .then(({ result, pushedMeanwhile }) => {
        if (!result.ok || queryRef.current !== asked) return;
        const morePages = (cursorRef.current ?? result.data.nextCursor) !== null;
        setItems((current) => applyChanges(mergeFirstPage(result.data, current), pushedMeanwhile, asked, userId, morePages));
        setCursor((current) => current ?? result.data.nextCursor);
      })
      .finally(() => {
        const again = refetching.current === "again";
        refetching.current = "idle";
        if (again) refetchFirst();
      });
  }, [fetchFirstPage, userId]);

  useWorkspaceEvents((event) => {
    if (event.kind === "resync") refetchFirst();
    else if (event.kind === "gone" || event.kind === "conversation") {
      for (const recorded of recorders.current) recorded.push(event);
      if (event.kind === "conversation" && matchesQuery(event.conversation, queryRef.current, userId, new Date()) === null) refetchFirst();
      else setItems((current) => applyChanges(current, [event], queryRef.current, userId, cursorRef.current !== null));
    }
  });

  return { items, error, loadingFirst, loadingMore, loadMore, refetchFirst };
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
  search,
  onSearch,
  searchRef,
  children,
}: {
  search: string;
  onSearch: (search: string) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  children: ReactNode;
}) {
  const t = useTranslations("inbox.list");
  return (
    <div className="space-y-3 border-b border-slate-200 p-3">
      <div className="flex items-center gap-2">
        <div className="relative min-w-0 flex-1">
          <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden />
          <input
            ref={searchRef}
            type="search"
            value={search}
            onChange={(e) => onSearch(e.target.value)}
            placeholder={t("searchPlaceholder")}
            aria-label={t("search")}
            className="block w-full rounded-md border-0 bg-slate-100 py-2 pr-3 pl-9 text-sm text-slate-900 placeholder:text-slate-500 focus:bg-white focus:ring-2 focus:ring-brand-600 focus:outline-none"
          />
        </div>
        <ViewsToggle />
        <NewConversationButton />
      </div>
      {children}
    </div>
  );
}

/** Opens the views as a drawer where they are not a column (below 1440px). */
function ViewsToggle() {
  const t = useTranslations("inbox.views");
  const drawer = useViewsDrawer();
  return (
    <button
      type="button"
      onClick={() => drawer.setOpen(!drawer.open)}
      aria-expanded={drawer.open}
      aria-controls={VIEWS_DRAWER_ID}
      aria-label={t("open")}
      title={t("open")}
      className="rounded-md p-2 text-slate-600 hover:bg-slate-100 min-[90rem]:hidden"
    >
      <PanelLeft className="size-4" aria-hidden />
    </button>
  );
}

function ListBody({
  pages,
  query,
  now,
  selectedId,
  assigneeOf,
  hrefOf,
  selection,
  keyboard,
  bulkBar,
}: {
  pages: ReturnType<typeof useConversationPages>;
  query: Query;
  now: Date;
  selectedId: string | null;
  assigneeOf: (id: string | null) => Assignee | null;
  hrefOf: (conversationId: string) => string;
  selection: ReturnType<typeof useSelection>;
  keyboard: ListKeyboard;
  bulkBar: ReactNode;
}) {
  const t = useTranslations("inbox.list");
  const empty = emptyKind(query.filter);
  const { items, error, loadingFirst, loadingMore } = pages;
  const sentinel = useNearViewport<HTMLLIElement>(pages.loadMore);
  return (
    <div className="relative min-h-0 flex-1 overflow-y-auto" aria-busy={loadingFirst}>
      {error && (
        <p role="alert" className="m-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      {bulkBar}
      {loadingFirst && items.length === 0 ? (
        <ListSkeleton />
      ) : items.length === 0 ? (
        query.search ? (
          <EmptyState icon={SearchX} title={t("noMatches")}>
            {t("noMatchesText", { search: query.search })}
          </EmptyState>
        ) : (
          <EmptyState icon={Inbox} title={t(`empty.${empty}.title`)}>
            {t(`empty.${empty}.text`)}
          </EmptyState>
        )
      ) : (
        <ul
          ref={keyboard.listRef}
          onFocus={keyboard.onFocus}
          aria-label={t("conversations")}
          className={cn("divide-y divide-slate-100 transition-opacity", loadingFirst && "opacity-60")}
        >
          {items.map((conversation) => (
            <ConversationRow
              key={conversation.id}
              conversation={conversation}
              now={now}
              selected={conversation.id === selectedId}
              assignee={assigneeOf(conversation.assigned_to)}
              href={hrefOf(conversation.id)}
              checked={selection.allMatching || selection.picked.has(conversation.id)}
              selecting={selection.target !== null}
              onCheck={(range) => selection.toggle(conversation.id, range)}
              tabStop={keyboard.isTabStop(conversation.id)}
            />
          ))}
          <li ref={sentinel} className="flex h-12 items-center justify-center text-slate-400">
            {loadingMore && <Loader2 className="size-4 animate-spin" aria-label={t("loadingMore")} />}
          </li>
        </ul>
      )}
    </div>
  );
}
