import "server-only";

/** Proxies and load balancers drop a connection that stays silent for about a minute; a comment line keeps it. */
const HEARTBEAT_MS = 25_000;

export interface EventSink {
  /** Writes raw SSE text (`event: …\ndata: …\n\n`); a no-op once the stream has ended. */
  send(text: string): void;
  /** Closes the stream (the browser reconnects after the `retry` delay). */
  end(): void;
}

/**
 * A Server-Sent Events response: `subscribe` starts feeding the sink and
 * returns how to stop (null refuses, ending the stream at once). The stream
 * stops on the browser's disconnect, a failed write or `end()`, heartbeats
 * meanwhile, and opens with the reconnect delay and `ready` (the first
 * event, so the tab knows it is live).
 */
export function eventStreamResponse(
  request: Request,
  subscribe: (sink: EventSink) => Promise<(() => void) | null>,
  ready: Record<string, unknown>,
): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const end = () => {
        if (!open) return;
        open = false;
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          end();
        }
      };
      const unsubscribe = await subscribe({ send, end });
      if (!unsubscribe) {
        end();
        return;
      }
      const heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.signal.addEventListener("abort", end);
      send(`retry: 2000\nevent: ready\ndata: ${JSON.stringify(ready)}\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
