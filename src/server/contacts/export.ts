import "server-only";
import type { ContactListParams } from "@/lib/contact-filters";
import { formatPhone } from "@/lib/format";
import { DEFAULT_LOCALE, type Locale } from "@/lib/locales";
import type { CountryCode } from "@/lib/phone";
import { recordAudit } from "@/server/audit/record";
import { csvStream } from "@/server/csv";
import type { UserClaims } from "@/server/db/claims";
import { asUser } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { translatorFor } from "@/server/i18n/translator";
import { listMembers } from "@/server/workspaces/queries";
import { contactExportCursor, listFields, listStages } from "./queries";

/** Rows fetched per round trip of the export's cursor. */
export const EXPORT_BATCH_SIZE = 1000;

/**
 * The contact list with these filters, search and sort, as a streamed CSV
 * file (admins only). The export is checked and written to the audit log in
 * a transaction of its own, committed before the first byte leaves: a
 * download cancelled half way still happened. The rows are then read as the
 * user (RLS) through a cursor, so memory stays bounded for any number of contacts.
 * Columns carry the import's header names in the reader's language (each one
 * a name the import recognises), so an export can be imported back.
 */
export async function exportContacts(
  claims: UserClaims,
  workspace: { id: string; default_country: string },
  params: ContactListParams,
  { locale = DEFAULT_LOCALE, now = new Date() }: { locale?: Locale; now?: Date } = {},
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
  const t = await translatorFor(locale);
  const header = [
    t("exports.contacts.name"),
    t("exports.contacts.phone"),
    t("exports.contacts.email"),
    t("exports.contacts.leadStatus"),
    t("exports.contacts.score"),
    t("exports.contacts.tags"),
    t("exports.contacts.owner"),
    t("exports.contacts.source"),
    t("exports.contacts.created"),
    t("exports.contacts.lastActivity"),
    ...fields.map((f) => f.label),
  ];
  return csvStream(header, (write) =>
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
  );
}
