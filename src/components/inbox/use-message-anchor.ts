"use client";

import { useEffect, useState } from "react";
import type { DisplayMessage } from "./message-bubble";
import type { Thread } from "./use-thread";

/** How many older pages a link may load to reach its message (50 each): beyond, the thread stays at the newest. */
export const ANCHOR_MAX_PAGES = 20;
const HIGHLIGHT_MS = 4000;

/** The message a `#message-<id>` link points at, if the hash is one. */
export function anchoredMessageId(hash: string): string | null {
  return /^#message-([0-9a-f-]{36})$/i.exec(hash)?.[1] ?? null;
}

/** What to do for a pending anchor: jump to it, load an older page first, or give up (start of the thread, or too far). */
export function anchorStep(state: { present: boolean; hasOlder: boolean; pagesLoaded: number }): "show" | "load" | "give-up" {
  if (state.present) return "show";
  return state.hasOlder && state.pagesLoaded < ANCHOR_MAX_PAGES ? "load" : "give-up";
}

/**
 * A link to a message (`/inbox/<id>#message-<id>`, as the bell's) jumps to
 * it even when it is older than the first page: older pages load until it
 * is there (bounded), then it is scrolled to and highlighted for a moment.
 * Returns the highlighted message's id.
 */
export function useMessageAnchor(
  messages: DisplayMessage[],
  thread: Pick<Thread, "olderCursor" | "loadingOlder" | "loadOlder">,
  /** Scrolls the message into view (use-sticky-scroll.ts: the thread must stop following the bottom). */
  reveal: (element: HTMLElement) => void,
  onError: (message: string) => void,
): string | null {
  const [anchor, setAnchor] = useState<{ id: string; pagesLoaded: number } | null>(null);
  const [highlighted, setHighlighted] = useState<string | null>(null);

  useEffect(() => {
    const read = () => {
      const id = anchoredMessageId(window.location.hash);
      if (id) setAnchor({ id, pagesLoaded: 0 });
    };
    read();
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);

  const present = anchor !== null && messages.some((m) => m.id === anchor.id);
  const { olderCursor, loadingOlder, loadOlder } = thread;
  useEffect(() => {
    if (!anchor || loadingOlder) return;
    const step = anchorStep({ present, hasOlder: olderCursor !== null, pagesLoaded: anchor.pagesLoaded });
    if (step === "show") {
      const element = document.getElementById(`message-${anchor.id}`);
      if (element) reveal(element);
      setHighlighted(anchor.id);
      setAnchor(null);
    } else if (step === "give-up") {
      setAnchor(null);
    } else {
      // Prepending with no place to keep: the jump above sets the place.
      void loadOlder(() => {}).then((error) => {
        if (error) {
          onError(error);
          setAnchor(null);
        } else setAnchor((a) => a && { ...a, pagesLoaded: a.pagesLoaded + 1 });
      });
    }
  }, [anchor, present, olderCursor, loadingOlder, loadOlder, reveal, onError]);

  useEffect(() => {
    if (!highlighted) return;
    const timer = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlighted]);

  return highlighted;
}
