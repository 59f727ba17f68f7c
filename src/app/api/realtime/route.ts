import { subscribe } from "@/server/realtime/hub";
import type { LiveEvent } from "@/server/realtime/live-events";
import { getWorkspaceContext } from "@/server/workspaces/context";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 25_000;

/**
 * Server-Sent Events of the signed-in user's current workspace: the changed
 * rows this member may see (the hub reads each change once and filters per
 * viewer, as RLS would), numbered 1, 2, 3… in `seq` so the browser sees a
 * gap. `resync` tells it it may have missed changes and should refetch.
 */
export async function GET(request: Request) {
  const context = await getWorkspaceContext();
  if (!context) {
    return Response.json({ error: { code: "unauthenticated", message: "Sign in required." } }, { status: 401 });
  }
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
      let seq = 0;
      const deliver = (event: LiveEvent) => {
        seq += 1;
        send(`id: ${seq}\nevent: ${event.kind === "resync" ? "resync" : "live"}\ndata: ${JSON.stringify({ seq, ...event })}\n\n`);
      };
      const unsubscribe = await subscribe(context.claims, context.workspace.id, deliver, end);
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
      // The client's reconnect delay, and a first event so it knows it is live (its sequence starts after it).
      send(`retry: 2000\nevent: ready\ndata: {"workspaceId":"${context.workspace.id}","seq":0}\n\n`);
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
