import { eventStreamResponse } from "@/server/http/event-stream";
import { subscribe } from "@/server/realtime/hub";
import { liveEventWriter } from "@/server/realtime/live-stream";
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
    async ({ send, end }) => subscribe(context.claims, context.workspace.id, liveEventWriter(send), end),
    // Its sequence starts after this.
    { workspaceId: context.workspace.id, seq: 0 },
  );
}
