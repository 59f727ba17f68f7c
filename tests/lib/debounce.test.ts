import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { debounce } from "@/lib/debounce";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("debounce", () => {
  it("runs once after a burst has paused", () => {
    const run = vi.fn();
    const d = debounce(run, { wait: 300, maxWait: 2_000 });
    d.call();
    vi.advanceTimersByTime(200);
    d.call();
    vi.advanceTimersByTime(299);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("runs at least every maxWait while calls keep coming", () => {
    const run = vi.fn();
    const d = debounce(run, { wait: 300, maxWait: 1_000 });
    for (let t = 0; t < 2_500; t += 100) {
      d.call();
      vi.advanceTimersByTime(100);
    }
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(300);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it("cancel drops what is pending", () => {
    const run = vi.fn();
    const d = debounce(run, { wait: 300, maxWait: 1_000 });
    d.call();
    d.cancel();
    vi.advanceTimersByTime(5_000);
    expect(run).not.toHaveBeenCalled();
  });
});
