import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { recipientsCsv } from "@/server/broadcasts/queries";
import { csvDownload } from "@/server/csv";
import { getWorkspaceContext } from "@/server/workspaces/context";

/** The file's columns, in recipientsCsv's order. */
const COLUMNS = [
  "phone",
  "name",
  "state",
  "skipReason",
  "failureCode",
  "failureReason",
  "sent",
  "delivered",
  "read",
  "replied",
  "failed",
] as const;

/** GET /broadcasts/<id>/export: every recipient with its state, failure and times, as a streamed CSV file in the user's language. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const t = await getTranslations("broadcasts");
  const context = await getWorkspaceContext();
  if (!context) return new Response(t("export.signIn"), { status: 401 });
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) return new Response(t("export.notFound"), { status: 404 });
  return csvDownload(`broadcast-${id.data}-recipients.csv`, () =>
    recipientsCsv(context.claims, context.workspace.id, id.data, {
      header: COLUMNS.map((column) => t(`export.header.${column}`)),
      skipReason: (reason) => t(`skipReasons.${reason}`),
    }),
  );
}
