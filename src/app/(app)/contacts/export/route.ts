import { getLocale } from "next-intl/server";
import { parseContactParams } from "@/lib/contact-filters";
import { exportContacts } from "@/server/contacts/export";
import { csvDownload } from "@/server/csv";
import { getWorkspaceContext } from "@/server/workspaces/context";

/** GET /contacts/export?<the list's filters>: the contacts the list shows, as a streamed CSV file (admins). */
export async function GET(request: Request) {
  const context = await getWorkspaceContext();
  if (!context) return new Response("Please sign in again.", { status: 401 });
  const params = parseContactParams(Object.fromEntries(new URL(request.url).searchParams));
  const day = new Date().toISOString().slice(0, 10);
  return csvDownload(`contacts-${context.workspace.slug}-${day}.csv`, async () =>
    exportContacts(context.claims, context.workspace, params, { locale: await getLocale() }),
  );
}
