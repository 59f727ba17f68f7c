import { describe, expect, it } from "vitest";
import { readBodyWithin } from "@/server/http/read-body";

/** A body of `chunks` × 64 kB that declares no length, counting how much of it was pulled. */
function undeclaredBody(chunks: number) {
  const pulled = { bytes: 0 };
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === chunks) return controller.close();
      sent++;
      pulled.bytes += 65_536;
      controller.enqueue(new Uint8Array(65_536));
    },
  });
  return { stream, pulled };
}

describe("readBodyWithin (webhooks, the API and media downloads)", () => {
  it("stops pulling a body that declares no length as soon as it passes the limit", async () => {
    const { stream, pulled } = undeclaredBody(1_600); // 100 MB on offer
    expect(await readBodyWithin(new Response(stream), 200_000)).toBeNull();
    expect(pulled.bytes).toBeLessThan(400_000);
  });

  it("refuses a declared length over the limit without reading", async () => {
    const { stream, pulled } = undeclaredBody(1_600);
    const response = new Response(stream, { headers: { "content-length": String(1_600 * 65_536) } });
    expect(await readBodyWithin(response, 200_000)).toBeNull();
    expect(pulled.bytes).toBeLessThanOrEqual(65_536);
  });

  it("returns a body within the limit whole", async () => {
    const { stream } = undeclaredBody(3);
    expect((await readBodyWithin(new Response(stream), 200_000))?.byteLength).toBe(3 * 65_536);
    expect((await readBodyWithin(new Request("http://x/", { method: "POST", body: "ok" }), 10))?.byteLength).toBe(2);
  });
});
