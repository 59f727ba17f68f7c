import { eventStreamResponse } from "@/server/http/event-stream";
import { subscribe } from "@/server/realtime/hub";
import type { LiveEvent } from "@/server/realtime/live-events";
import { getWorkspaceContext } from "@/server/workspaces/context";

export const dynamic = "force-dynamic";

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
  return eventStreamResponse(
    request,
    async ({ send, end }) => {
      let seq = 0;
      const deliver = (event: LiveEvent) => {
        seq += 1;
        send(`id: ${seq}\nevent: ${event.kind === "resync" ? "resync" : "live"}\ndata: ${JSON.stringify({ seq, ...event })}\n\n`);
      };
      return subscribe(context.claims, context.workspace.id, deliver, end);
    },
    // Its sequence starts after this.
    { workspaceId: context.workspace.id, seq: 0 },
  );
}
