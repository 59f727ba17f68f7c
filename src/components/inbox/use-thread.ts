"use client";

import { type Dispatch, type SetStateAction, useCallback, useRef, useState } from "react";
import { getMessages } from "@/app/actions/inbox";
import type { ActivityLine } from "@/lib/conversation-activity";
import type { MessagePage, ThreadMessage } from "@/server/inbox/queries";
import type { DisplayMessage } from "./message-bubble";
import { mergeMessage, mergeNewest, mergeNewestActivity } from "./thread-merge";

const byTime = (a: ActivityLine, b: ActivityLine) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0);

export interface Thread {
  messages: DisplayMessage[];
  /** Assignments, statuses, snoozes, labels: placed between the messages by time. */
  activity: ActivityLine[];
  setMessages: Dispatch<SetStateAction<DisplayMessage[]>>;
  olderCursor: MessagePage["olderCursor"];
  loadingOlder: boolean;
  /** Reads the newest page again and merges it (after a send, a reconnect). */
  refresh: () => Promise<void>;
  /** Merges a pushed message (new, or changed: status, reactions, edits). */
  applyMessage: (message: ThreadMessage) => void;
  /** Adds a pushed activity line. */
  applyActivity: (line: ActivityLine) => void;
  /** Loads the page before the oldest one shown, calling `beforePrepend` just before it goes on top; resolves to an error message, or null. */
  loadOlder: (beforePrepend: () => void) => Promise<string | null>;
}

/** One conversation's messages: the first page from the server, older pages on demand, the newest page refetched and merged. */
export function useThread(conversationId: string, initialPage: MessagePage): Thread {
  const [messages, setMessages] = useState<DisplayMessage[]>(initialPage.messages);
  const [activity, setActivity] = useState(initialPage.activity);
  const [olderCursor, setOlderCursor] = useState(initialPage.olderCursor);
  const [loadingOlder, setLoadingOlder] = useState(false);

  // Refetches are numbered as they start; a push is stamped with the number of the last one started, so a page
  // knows what was pushed after it was asked for (and may be missing from it), and an answer that overtook an
  // earlier one is not undone by it.
  const fetches = useRef({ started: 0, applied: 0, inFlight: 0, pushes: new Map<string, number>() });
  const refresh = useCallback(async () => {
    const state = fetches.current;
    const number = ++state.started;
    state.inFlight++;
    const result = await getMessages({ conversationId }).finally(() => state.inFlight--);
    const pushedMeanwhile = new Set([...state.pushes].filter(([, stamp]) => stamp >= number).map(([id]) => id));
    if (state.inFlight === 0) state.pushes.clear();
    if (!result.ok || number < state.applied) return;
    state.applied = number;
    setMessages((current) => mergeNewest(current, result.data, pushedMeanwhile));
    setActivity((current) => mergeNewestActivity(current, result.data));
    if (!result.data.olderCursor) setOlderCursor(null);
  }, [conversationId]);

  const olderRemain = olderCursor !== null;
  const applyMessage = useCallback(
    (message: ThreadMessage) => {
      const state = fetches.current;
      if (state.inFlight > 0) state.pushes.set(message.id, state.started);
      setMessages((current) => mergeMessage(current, message, olderRemain));
    },
    [olderRemain],
  );
  const applyActivity = useCallback(
    (line: ActivityLine) => setActivity((current) => (current.some((l) => l.id === line.id) ? current : [...current, line].sort(byTime))),
    [],
  );

  const loadOlder = useCallback(
    async (beforePrepend: () => void) => {
      if (!olderCursor || loadingOlder) return null;
      setLoadingOlder(true);
      const result = await getMessages({ conversationId, before: olderCursor });
      setLoadingOlder(false);
      if (!result.ok) return result.error.message;
      beforePrepend();
      setMessages((current) => {
        const known = new Set(current.map((m) => m.id));
        return [...result.data.messages.filter((m) => !known.has(m.id)), ...current];
      });
      setActivity((current) => {
        const known = new Set(current.map((line) => line.id));
        return [...result.data.activity.filter((line) => !known.has(line.id)), ...current];
      });
      setOlderCursor(result.data.olderCursor);
      return null;
    },
    [conversationId, olderCursor, loadingOlder],
  );

  return { messages, setMessages, activity, olderCursor, loadingOlder, refresh, applyMessage, applyActivity, loadOlder };
}
