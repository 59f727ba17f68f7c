import { afterEach, describe, expect, it, vi } from "vitest";
import type { LiveEvent } from "@/server/realtime/live-events";
import { liveEventWriter } from "@/server/realtime/live-stream";

afterEach(() => {
  vi.restoreAllMocks();
});

const flushMicrotasks = () => new Promise((resolve) => setImmediate(resolve));

/** The events of SSE text, as the browser's EventSource splits it. */
const parse = (text: string) =>
  text
    .split("\n\n")
    .filter(Boolean)
    .map((block) => ({
      id: /^id: (.*)$/m.exec(block)?.[1],
      event: /^event: (.*)$/m.exec(block)?.[1],
      data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null") as unknown,
    }));

describe("the live stream's writer", () => {
  it("numbers the events and writes those of one turn as one chunk", async () => {
    const chunks: string[] = [];
    const deliver = liveEventWriter((text) => chunks.push(text));
    deliver({ kind: "contact", id: "k1" });
    deliver({ kind: "gone", id: "c1" });
    deliver({ kind: "resync" });
    expect(chunks).toEqual([]);
    await flushMicrotasks();
    expect(chunks).toHaveLength(1);
    expect(parse(chunks[0] ?? "")).toEqual([
      { id: "1", event: "live", data: { seq: 1, kind: "contact", id: "k1" } },
      { id: "2", event: "live", data: { seq: 2, kind: "gone", id: "c1" } },
      { id: "3", event: "resync", data: { seq: 3, kind: "resync" } },
    ]);
    deliver({ kind: "touched", conversationId: "c2" });
    await flushMicrotasks();
    expect(chunks).toHaveLength(2);
    expect(parse(chunks[1] ?? "")).toEqual([{ id: "4", event: "live", data: { seq: 4, kind: "touched", conversationId: "c2" } }]);
  });

  it("serialises an event once, whatever the number of streams it goes to", async () => {
    const stringify = vi.spyOn(JSON, "stringify");
    const event: LiveEvent = { kind: "gone", id: "c1" };
    const chunks: string[][] = Array.from({ length: 100 }, () => []);
    const writers = chunks.map((written) => liveEventWriter((text) => written.push(text)));
    for (const deliver of writers) deliver(event);
    await flushMicrotasks();
    expect(stringify).toHaveBeenCalledTimes(1);
    for (const written of chunks)
      expect(parse(written.join(""))).toEqual([{ id: "1", event: "live", data: { seq: 1, kind: "gone", id: "c1" } }]);
  });
});
