"use client";

import { type UIEvent, useCallback, useLayoutEffect, useRef } from "react";

/** How close to the bottom (px) still counts as "reading the newest messages". */
const BOTTOM_SLACK_PX = 80;

/**
 * Scrolling for a list that grows at both ends: start at the bottom, follow
 * new items while the reader is at the bottom, and keep the reader's place
 * when older items are put on top. Runs after each change of `items`.
 */
export function useStickyScroll(items: unknown) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const heightBeforePrepend = useRef<number | null>(null);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (heightBeforePrepend.current !== null) {
      element.scrollTop += element.scrollHeight - heightBeforePrepend.current;
      heightBeforePrepend.current = null;
    } else if (atBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [items]);

  const measure = useCallback((el: HTMLElement) => {
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK_PX;
  }, []);
  const onScroll = useCallback((event: UIEvent<HTMLDivElement>) => measure(event.currentTarget), [measure]);
  /** Call right before items are put on top, so the next change keeps the place instead of jumping. */
  const keepPlace = useCallback(() => {
    heightBeforePrepend.current = scroller.current?.scrollHeight ?? null;
  }, []);
  /** Call when the reader adds an item themselves: show it even if they had scrolled up. */
  const stickToBottom = useCallback(() => {
    atBottom.current = true;
  }, []);

  /**
   * Scrolls an item into view and counts the reader as being there at once: the scroll event comes a frame
   * later, and a render before it would otherwise take them back to the bottom.
   */
  const reveal = useCallback(
    (item: HTMLElement) => {
      item.scrollIntoView({ block: "center" });
      if (scroller.current) measure(scroller.current);
    },
    [measure],
  );

  return { scroller, onScroll, keepPlace, stickToBottom, reveal };
}
