import { subscribe } from "@/server/realtime/hub";
import { getWorkspaceContext } from "@/server/workspaces/context";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 25_000;

/**
 * Server-Sent Events of the signed-in user's current workspace: ids of what
 * changed (never content: the browser refetches through Server Actions, so
 * RLS decides what it sees). `resync` tells the client it may have missed
 * events and should refetch everything it shows.
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
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      let sequence = 0;
      const unsubscribe = await subscribe(context.workspace.id, (event) => {
        sequence += 1;
        if ("resync" in event) {
          send(`id: ${sequence}\nevent: resync\ndata: {}\n\n`);
          return;
        }
        const { table, op, id, conversation_id } = event;
        send(`id: ${sequence}\nevent: change\ndata: ${JSON.stringify({ table, op, id, conversation_id })}\n\n`);
      });
      const heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      // The client's reconnect delay, and a first event so it knows it is live.
      send(`retry: 2000\nevent: ready\ndata: {"workspaceId":"${context.workspace.id}"}\n\n`);
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
