import { z } from "zod";
import { recipientsCsv } from "@/server/broadcasts/queries";
import { csvDownload } from "@/server/csv";
import { getWorkspaceContext } from "@/server/workspaces/context";

/** GET /broadcasts/<id>/export: every recipient with its state, failure and times, as a streamed CSV file. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const context = await getWorkspaceContext();
  if (!context) return new Response("Please sign in again.", { status: 401 });
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) return new Response("This broadcast does not exist.", { status: 404 });
  return csvDownload(`broadcast-${id.data}-recipients.csv`, () => recipientsCsv(context.claims, context.workspace.id, id.data));
}
