"use client";

import { type Dispatch, type SetStateAction, useCallback, useState } from "react";
import { getMessages } from "@/app/actions/inbox";
import type { ActivityLine } from "@/lib/conversation-activity";
import type { MessagePage, ThreadMessage } from "@/server/inbox/queries";
import type { DisplayMessage } from "./message-bubble";

/**
 * The newest page just fetched is the truth for its time span; older rows
 * stay as loaded, and messages still being written (optimistic, or confirmed
 * but not yet in a fetched page) stay at the end.
 */
function mergeNewest(current: DisplayMessage[], fresh: MessagePage): DisplayMessage[] {
  const freshIds = new Set(fresh.messages.map((m) => m.id));
  const oldestFresh = fresh.messages[0];
  const older = oldestFresh ? current.filter((m) => !m.optimistic && !freshIds.has(m.id) && m.sent_at < oldestFresh.sent_at) : [];
  const stillPending = current.filter((m) => m.optimistic && !freshIds.has(m.id));
  return [...(fresh.olderCursor || !oldestFresh ? older : []), ...fresh.messages, ...stillPending];
}

/** The newest page's activity is the truth for its span; older lines stay as loaded. */
function mergeNewestActivity(current: ActivityLine[], fresh: MessagePage): ActivityLine[] {
  const from = fresh.olderCursor ? fresh.messages[0]?.sent_at : undefined;
  return from ? [...current.filter((line) => line.created_at < from), ...fresh.activity] : fresh.activity;
}

/**
 * A pushed message: replaces the one with its id, or goes in by time. One
 * older than everything loaded, while older pages remain, is left for them.
 */
function mergeMessage(current: DisplayMessage[], message: ThreadMessage, olderRemain: boolean): DisplayMessage[] {
  const at = current.findIndex((m) => m.id === message.id);
  if (at >= 0) return current.map((m, i) => (i === at ? message : m));
  const confirmed = current.filter((m) => !m.optimistic);
  if (olderRemain && confirmed[0] && message.sent_at < confirmed[0].sent_at) return current;
  // After every confirmed message of its time or earlier; drafts stay at the end.
  let index = 0;
  for (const [i, m] of current.entries()) if (!m.optimistic && m.sent_at <= message.sent_at) index = i + 1;
  return [...current.slice(0, index), message, ...current.slice(index)];
}

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

  const refresh = useCallback(async () => {
    const result = await getMessages({ conversationId });
    if (!result.ok) return;
    setMessages((current) => mergeNewest(current, result.data));
    setActivity((current) => mergeNewestActivity(current, result.data));
    if (!result.data.olderCursor) setOlderCursor(null);
  }, [conversationId]);

  const olderRemain = olderCursor !== null;
  const applyMessage = useCallback(
    (message: ThreadMessage) => setMessages((current) => mergeMessage(current, message, olderRemain)),
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
