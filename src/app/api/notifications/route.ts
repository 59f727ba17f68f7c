import { eventStreamResponse } from "@/server/http/event-stream";
import { subscribeNotifications } from "@/server/notifications/live";
import { getWorkspaceContext } from "@/server/workspaces/context";

export const dynamic = "force-dynamic";

/**
 * Server-Sent Events telling the signed-in member's tabs that their
 * notifications in the current workspace changed (no content: the bell
 * refetches through a Server Action, under RLS). `ready` on every
 * (re)connection, when the tab refetches too.
 */
export async function GET(request: Request) {
  const context = await getWorkspaceContext();
  if (!context) {
    return Response.json({ error: { code: "unauthenticated", message: "Sign in required." } }, { status: 401 });
  }
  return eventStreamResponse(
    request,
    ({ send }) =>
      subscribeNotifications(context.claims.sub, context.workspace.id, ({ op }) =>
        send(`event: changed\ndata: ${JSON.stringify({ op })}\n\n`),
      ),
    {},
  );
}
