"use client";

import { useTranslations } from "next-intl";
import { type FocusEvent, useRef, useState } from "react";
import { useShortcuts } from "@/components/ui/use-shortcuts";

/** The attribute naming the conversation a row's link opens (conversation-row.tsx); rows are found by it. */
const ROW_ID_ATTRIBUTE = "data-row-id";

/**
 * The conversation list from the keyboard: j/k anywhere (↓/↑ inside the
 * list) move focus between rows, Enter opens the focused one, "/" goes to
 * the search. The list is one tab stop (roving tabindex): the focused row,
 * else the open conversation's, else the first, so Tab passes it on the
 * way to the thread instead of walking 40 rows.
 */
export function useListKeyboard(ids: readonly string[], selectedId: string | null) {
  const t = useTranslations("inbox.shortcuts");
  const listRef = useRef<HTMLUListElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);

  // Opening another conversation (a click, the palette) moves the starting point to it.
  const [openedId, setOpenedId] = useState(selectedId);
  if (openedId !== selectedId) {
    setOpenedId(selectedId);
    setFocusedId(null);
  }

  const present = (id: string | null) => (id !== null && ids.includes(id) ? id : null);
  const anchor = present(focusedId) ?? present(selectedId);
  const tabStopId = anchor ?? ids[0] ?? null;

  const rowLink = (id: string) => listRef.current?.querySelector<HTMLElement>(`[${ROW_ID_ATTRIBUTE}="${CSS.escape(id)}"]`);
  const focusedRowLink = () => {
    const active = document.activeElement;
    return active instanceof HTMLElement && active.hasAttribute(ROW_ID_ATTRIBUTE) && listRef.current?.contains(active) ? active : null;
  };
  const move = (delta: number) => {
    const to = anchor === null ? 0 : Math.min(ids.length - 1, Math.max(0, ids.indexOf(anchor) + delta));
    const id = ids[to];
    if (id) rowLink(id)?.focus();
  };

  useShortcuts([
    {
      id: "list.next",
      label: t("next"),
      group: "conversationList",
      keys: ["j"],
      localKeys: ["ArrowDown"],
      scope: () => listRef.current,
      run: () => move(1),
    },
    {
      id: "list.previous",
      label: t("previous"),
      group: "conversationList",
      keys: ["k"],
      localKeys: ["ArrowUp"],
      scope: () => listRef.current,
      run: () => move(-1),
    },
    {
      id: "list.open",
      label: t("open"),
      group: "conversationList",
      keys: [],
      localKeys: ["Enter"],
      scope: focusedRowLink,
      run: () => focusedRowLink()?.click(),
    },
    { id: "list.search", label: t("search"), group: "conversationList", keys: ["/"], run: () => searchRef.current?.focus() },
  ]);

  /** On the list: remembers the row focus lands on (a click, Tab), the next move's starting point. */
  const onFocus = (event: FocusEvent<HTMLElement>) => {
    const id = event.target.getAttribute(ROW_ID_ATTRIBUTE);
    if (id) setFocusedId(id);
  };

  return { listRef, searchRef, onFocus, isTabStop: (id: string) => id === tabStopId };
}

export type ListKeyboard = ReturnType<typeof useListKeyboard>;
