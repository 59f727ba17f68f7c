import { describe, expect, it, vi } from "vitest";
import { BoundedMap, coalesce, processCache, QueueFullError, resetProcessState } from "@/server/process-state";

describe("BoundedMap", () => {
  it("forgets the least recently used key beyond its limit", () => {
    const map = new BoundedMap<string, number>({ entries: 2 });
    map.set("a", 1);
    map.set("b", 2);
    expect(map.get("a")).toBe(1); // a is now the most recent
    map.set("c", 3);
    expect([map.get("a"), map.get("b"), map.get("c"), map.size]).toEqual([1, undefined, 3, 2]);
  });

  it("treats entries older than its time to live as absent", () => {
    const map = new BoundedMap<string, number>({ entries: 10, ttlMs: 1000 });
    map.set("a", 1, 0);
    expect(map.get("a", 999)).toBe(1);
    expect(map.get("a", 1000)).toBeUndefined();
    expect(map.size).toBe(0);
  });
});

describe("the process's state", () => {
  it("gives one cache per name, emptied by the reset", () => {
    processCache<string, string>("canonicalPhones").set("6281", "+6281");
    expect(processCache<string, string>("canonicalPhones").get("6281")).toBe("+6281");
    resetProcessState();
    expect(processCache<string, string>("canonicalPhones").get("6281")).toBeUndefined();
  });
});

describe("coalesce", () => {
  it("batches what arrives while a batch is in flight, refuses beyond its waiting bound, and the reset refuses what waits", async () => {
    const batches: number[][] = [];
    let release = () => {};
    const queue = coalesce<number, number>(
      async (items) => {
        batches.push(items);
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return items.map((n) => n * 10);
      },
      { lanes: 1, maxBatch: 10, maxWaiting: 3 },
    );
    const first = queue(1);
    await new Promise((resolve) => setImmediate(resolve));
    const waiting = [queue(2), queue(3), queue(4)];
    await expect(queue(5)).rejects.toBeInstanceOf(QueueFullError);
    expect(queue.pending).toBe(4);
    release();
    expect(await first).toBe(10);
    await vi.waitFor(() => expect(batches).toEqual([[1], [2, 3, 4]]));
    const late = queue(6);
    resetProcessState();
    await expect(late).rejects.toBeInstanceOf(QueueFullError);
    release();
    expect(await Promise.all(waiting)).toEqual([20, 30, 40]);
  });
});
