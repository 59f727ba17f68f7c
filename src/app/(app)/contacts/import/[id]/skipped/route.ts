import { z } from "zod";
import { skippedRowsCsv } from "@/server/contacts/imports";
import { csvDownload } from "@/server/csv";
import { getWorkspaceContext } from "@/server/workspaces/context";

/** GET /contacts/import/<id>/skipped: an import's skipped rows with their reasons, as CSV. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const context = await getWorkspaceContext();
  if (!context) return new Response("Please sign in again.", { status: 401 });
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) return new Response("This import does not exist.", { status: 404 });
  return csvDownload("skipped-rows.csv", () => skippedRowsCsv(context.claims, context.workspace.id, id.data));
}
