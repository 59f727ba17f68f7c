import "server-only";
import type { ContactListParams } from "@/lib/contact-filters";
import { formatPhone } from "@/lib/format";
import type { CountryCode } from "@/lib/phone";
import { recordAudit } from "@/server/audit/record";
import { csvStream } from "@/server/csv";
import type { UserClaims } from "@/server/db/claims";
import { asUser } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { listMembers } from "@/server/workspaces/queries";
import { marketDelimiter } from "./import-file";
import { contactExportCursor, listFields, listStages } from "./queries";

/** Rows fetched per round trip of the export's cursor. */
export const EXPORT_BATCH_SIZE = 1000;

/** The export's own columns, in file order; the workspace's custom fields follow under their labels. */
export const EXPORT_COLUMNS = ["name", "phone", "email", "status", "score", "tags", "owner", "source", "created", "lastActivity"] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/**
 * The contact list with these filters, search and sort, as a streamed CSV
 * file (admins only). The export is checked and written to the audit log in
 * a transaction of its own, committed before the first byte leaves: a
 * download cancelled half way still happened. The rows are then read as the
 * user (RLS) through a cursor, so memory stays bounded for any number of contacts.
 * Columns are named by `columnLabel` in the reader's language (names the
 * import recognises, so an export can be imported back), separated the way
 * the workspace's spreadsheets expect (marketDelimiter).
 */
export async function exportContacts(
  claims: UserClaims,
  workspace: { id: string; default_country: string; default_locale: string },
  params: ContactListParams,
  columnLabel: (column: ExportColumn) => string,
  now = new Date(),
): Promise<ReadableStream<Uint8Array>> {
  const { stages, fields, members } = await asUser(claims, async (tx) => {
    const [check] = await tx<{ admin: boolean }[]>`select private.is_admin(${workspace.id}) as admin`;
    if (!check?.admin) throw new AppError("forbidden", "errors.contacts.onlyAdminsExport");
    const [stages, fields, members] = await Promise.all([
      listStages(tx, workspace.id),
      listFields(tx, workspace.id),
      listMembers(tx, workspace.id),
    ]);
    const { sort, direction, ...filters } = params;
    await recordAudit(tx, {
      workspaceId: workspace.id,
      action: "data.exported",
      details: {
        what: "contacts",
        filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
        sort,
        direction,
      },
    });
    return { stages, fields, members };
  });
  const stageLabel = new Map(stages.map((s) => [s.key, s.label]));
  const ownerEmail = new Map(members.map((m) => [m.user_id, m.email]));
  const header = [...EXPORT_COLUMNS.map(columnLabel), ...fields.map((f) => f.label)];
  return csvStream(
    header,
    (write) =>
      asUser(claims, async (tx) => {
        const cursor = contactExportCursor(
          tx,
          workspace.id,
          { ...params, country: workspace.default_country as CountryCode, now },
          EXPORT_BATCH_SIZE,
        );
        for await (const rows of cursor) {
          for (const row of rows) {
            await write([
              row.name,
              formatPhone(row.phone_e164),
              row.email,
              stageLabel.get(row.lead_status) ?? row.lead_status,
              row.lead_score,
              row.tags.join(", "),
              row.owner_id ? ownerEmail.get(row.owner_id) : "",
              row.source,
              row.created_at,
              row.last_activity_at,
              ...fields.map((f) => row.custom_attributes[f.key]),
            ]);
          }
        }
      }),
    { delimiter: marketDelimiter(workspace.default_locale) },
  );
}
