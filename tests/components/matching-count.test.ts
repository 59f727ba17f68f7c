import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { liveMatchingCount, movesMatchingCount } from "@/components/inbox/matching-count";
import type { ConversationListItem } from "@/server/inbox/queries";
import type { LiveEvent } from "@/server/realtime/live-events";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const row = { kind: "conversation", conversation: { id: "c1" } as ConversationListItem } satisfies LiveEvent;

/** An ask whose answers the test hands out, in any order. */
function asks() {
  const pending: ((count: number) => void)[] = [];
  const ask = vi.fn(() => new Promise<number | null>((resolve) => pending.push(resolve)));
  return {
    ask,
    answer: async (index: number, count: number) => {
      pending[index]?.(count);
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

describe("the 'Select all N matching' count", () => {
  it("moves with conversation rows, rows gone and resyncs, not with a thread's messages or activity", () => {
    expect([row, { kind: "gone", id: "c1" }, { kind: "resync" }].map((e) => movesMatchingCount(e as LiveEvent))).toEqual([
      true,
      true,
      true,
    ]);
    const quiet: LiveEvent[] = [
      { kind: "touched", conversationId: "c1" },
      { kind: "contact", id: "k1" },
    ];
    expect(quiet.map(movesMatchingCount)).toEqual([false, false]);
  });

  it("asks at start, then once per burst of live changes, and shows the answer", async () => {
    const { ask, answer } = asks();
    const show = vi.fn();
    const count = liveMatchingCount(ask, show);
    count.start();
    expect(ask).toHaveBeenCalledTimes(1);
    await answer(0, 12);
    expect(show).toHaveBeenLastCalledWith(12);

    for (let i = 0; i < 5; i += 1) count.changed(row);
    count.changed({ kind: "touched", conversationId: "c1" });
    await vi.advanceTimersByTimeAsync(399);
    expect(ask).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(ask).toHaveBeenCalledTimes(2);
    await answer(1, 13);
    expect(show).toHaveBeenLastCalledWith(13);

    count.changed({ kind: "touched", conversationId: "c1" });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it("shows only the latest answer, and nothing once stopped", async () => {
    const { ask, answer } = asks();
    const show = vi.fn();
    const count = liveMatchingCount(ask, show);
    count.start();
    count.changed({ kind: "resync" });
    await vi.advanceTimersByTimeAsync(400);
    await answer(1, 30);
    await answer(0, 29);
    expect(show.mock.calls).toEqual([[30]]);

    // An ask in flight when the selection ends (cleared, new query) is dropped, and changes no longer ask.
    count.changed(row);
    await vi.advanceTimersByTimeAsync(400);
    count.stop();
    await answer(2, 31);
    count.changed(row);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ask).toHaveBeenCalledTimes(3);
    expect(show.mock.calls).toEqual([[30]]);
  });
});
