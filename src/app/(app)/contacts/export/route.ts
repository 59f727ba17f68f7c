import { getTranslations } from "next-intl/server";
import { parseContactParams } from "@/lib/contact-filters";
import { exportContacts } from "@/server/contacts/export";
import { csvDownload } from "@/server/csv";
import { getWorkspaceContext } from "@/server/workspaces/context";

/** GET /contacts/export?<the list's filters>: the contacts the list shows, as a streamed CSV file (admins), headed in the reader's language. */
export async function GET(request: Request) {
  const [context, t] = await Promise.all([getWorkspaceContext(), getTranslations("contacts.export")]);
  if (!context) return new Response(t("signIn"), { status: 401 });
  const params = parseContactParams(Object.fromEntries(new URL(request.url).searchParams));
  const day = new Date().toISOString().slice(0, 10);
  return csvDownload(`contacts-${context.workspace.slug}-${day}.csv`, () =>
    exportContacts(context.claims, context.workspace, params, (column) => t(`columns.${column}`)),
  );
}
