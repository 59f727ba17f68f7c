import { debounce } from "@/lib/debounce";
import type { LiveEvent } from "@/server/realtime/live-events";

/**
 * Whether a live event may change how many conversations match the list's
 * query: a conversation's row (new, moved, relabelled, a new message, its
 * contact edited: all come as its row), one gone from view, or missed
 * events. A thread's message or activity line alone moves nothing.
 */
export function movesMatchingCount(event: LiveEvent): boolean {
  return event.kind === "conversation" || event.kind === "gone" || event.kind === "resync";
}

/** As the sidebar's view counts: once a burst has paused, and at least this often while it lasts. */
const RECOUNT_AFTER_MS = 400;
const RECOUNT_AT_LEAST_EVERY_MS = 3_000;

/**
 * The "Select all N matching" count for one query, kept up with live
 * changes: `start` asks at once, `changed` asks again after a burst of
 * events that may move it, `stop` ends it. Only the latest answer is
 * shown (an earlier ask may answer last), and none after `stop`.
 */
export function liveMatchingCount(ask: () => Promise<number | null>, show: (count: number) => void) {
  let latest = 0;
  let stopped = false;
  const count = () => {
    latest += 1;
    const asked = latest;
    // A failed ask keeps the count shown.
    void ask()
      .catch(() => null)
      .then((result) => {
        if (!stopped && asked === latest && result !== null) show(result);
      });
  };
  const recount = debounce(count, { wait: RECOUNT_AFTER_MS, maxWait: RECOUNT_AT_LEAST_EVERY_MS });
  return {
    start: count,
    changed(event: LiveEvent) {
      if (!stopped && movesMatchingCount(event)) recount.call();
    },
    stop() {
      stopped = true;
      recount.cancel();
    },
  };
}
