import type { ActivityLine } from "@/lib/conversation-activity";
import type { MessagePage, ThreadMessage } from "@/server/inbox/queries";
import type { DisplayMessage } from "./message-bubble";

/** How a thread's messages take in what is fetched and what is pushed (use-thread.ts). */

/**
 * The newest page just fetched is the truth for its time span; older rows
 * stay as loaded, and messages still being written (optimistic, or confirmed
 * but not yet in a fetched page) stay at the end. Except what was pushed
 * while the page was on its way (`pushedMeanwhile`, by id): the page was read
 * before it, so a message sent meanwhile would go back to "pending", and a
 * new one would disappear, until something else changed it again.
 */
export function mergeNewest(
  current: DisplayMessage[],
  fresh: MessagePage,
  pushedMeanwhile: ReadonlySet<string> = new Set(),
): DisplayMessage[] {
  const freshIds = new Set(fresh.messages.map((m) => m.id));
  const oldestFresh = fresh.messages[0];
  const older = oldestFresh ? current.filter((m) => !m.optimistic && !freshIds.has(m.id) && m.sent_at < oldestFresh.sent_at) : [];
  const stillPending = current.filter((m) => m.optimistic && !freshIds.has(m.id));
  let merged = [...(fresh.olderCursor || !oldestFresh ? older : []), ...fresh.messages, ...stillPending];
  for (const message of current) {
    if (pushedMeanwhile.has(message.id) && !message.optimistic) merged = mergeMessage(merged, message, false);
  }
  return merged;
}

/** The newest page's activity is the truth for its span; older lines stay as loaded. */
export function mergeNewestActivity(current: ActivityLine[], fresh: MessagePage): ActivityLine[] {
  const from = fresh.olderCursor ? fresh.messages[0]?.sent_at : undefined;
  return from ? [...current.filter((line) => line.created_at < from), ...fresh.activity] : fresh.activity;
}

/**
 * A pushed message: replaces the one with its id, or goes in by time. One
 * older than everything loaded, while older pages remain, is left for them.
 */
export function mergeMessage(current: DisplayMessage[], message: ThreadMessage, olderRemain: boolean): DisplayMessage[] {
  const at = current.findIndex((m) => m.id === message.id);
  if (at >= 0) return current.map((m, i) => (i === at ? message : m));
  const confirmed = current.filter((m) => !m.optimistic);
  if (olderRemain && confirmed[0] && message.sent_at < confirmed[0].sent_at) return current;
  // After every confirmed message of its time or earlier; drafts stay at the end.
  let index = 0;
  for (const [i, m] of current.entries()) if (!m.optimistic && m.sent_at <= message.sent_at) index = i + 1;
  return [...current.slice(0, index), message, ...current.slice(index)];
}
