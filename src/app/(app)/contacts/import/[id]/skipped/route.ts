import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { skippedRowsCsv } from "@/server/contacts/imports";
import { csvDownload } from "@/server/csv";
import { translatorFor } from "@/server/i18n/translator";
import { getWorkspaceContext } from "@/server/workspaces/context";

/** GET /contacts/import/<id>/skipped: an import's skipped rows with their reasons, as CSV headed in the reader's language. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const [context, t] = await Promise.all([getWorkspaceContext(), getTranslations("contacts.export")]);
  if (!context) return new Response(t("signIn"), { status: 401 });
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) return new Response(t("noImport"), { status: 404 });
  const reader = await translatorFor(await getLocale());
  return csvDownload("skipped-rows.csv", () => skippedRowsCsv(context.claims, context.workspace, id.data, reader));
}
