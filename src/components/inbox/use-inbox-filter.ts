"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { type ConversationFilter, filterToSearchParams, parseFilterParams } from "@/lib/conversation-filter";

/**
 * The inbox's current filter lives in the URL (?status=open&label=…), so a
 * filtered inbox is a link to share and survives a reload; the list, the
 * filter bar and the views sidebar all read it here. Opening a thread keeps it.
 */
export function useInboxFilter() {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const search = params.toString();
  const filter = useMemo(() => parseFilterParams(new URLSearchParams(search)), [search]);
  const query = useMemo(() => filterToSearchParams(filter).toString(), [filter]);
  const setFilter = useCallback(
    (next: ConversationFilter) => router.replace(`${pathname}?${filterToSearchParams(next).toString()}`, { scroll: false }),
    [pathname, router],
  );
  return { filter, query, setFilter, hrefFor: (next: ConversationFilter) => `/inbox?${filterToSearchParams(next).toString()}` };
}
