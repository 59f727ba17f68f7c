import { FileSpreadsheet } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ContactImportUpload } from "@/components/contacts/contact-import-upload";
import { Card } from "@/components/ui/card";
import { CardTable } from "@/components/ui/card-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { listImports } from "@/server/contacts/imports";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("contacts.import");
  return { title: t("title") };
}

export default async function ImportContactsPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  const imports = await asUser(claims, (tx) => listImports(tx, workspace.id, 10));
  const [t, format] = await Promise.all([getTranslations("contacts.import"), getFormatter()]);

  return (
    <div>
      <PageHeader title={t("title")} description={t("description", { country: workspace.default_country })} />
      <div className="mx-auto max-w-4xl space-y-6 p-4 sm:p-6">
        <Card title={t("uploadTitle")} description={t("uploadDescription")}>
          <ContactImportUpload />
        </Card>
        <Card title={t("recent.title")}>
          {imports.length === 0 ? (
            <EmptyState icon={FileSpreadsheet} title={t("recent.emptyTitle")}>
              {t("recent.empty")}
            </EmptyState>
          ) : (
            <CardTable
              columns={[
                { label: t("recent.file") },
                { label: t("recent.status") },
                { label: t("recent.rows"), className: "text-right" },
                { label: t("recent.counts"), className: "hidden text-right sm:table-cell" },
                { label: t("recent.uploaded"), className: "hidden md:table-cell" },
              ]}
            >
              {imports.map((item) => (
                <tr key={item.id}>
                  <td className="max-w-64 truncate px-5 py-3">
                    <Link href={`/contacts/import/${item.id}`} className="font-medium text-brand-700 hover:underline">
                      {item.file_name}
                    </Link>
                  </td>
                  <td className="px-3 py-3">
                    <StatusBadge kind="contactImport" status={item.status} />
                  </td>
                  <td className="px-3 py-3 text-right tabular-nums">{format.number(item.total_rows)}</td>
                  <td className="hidden px-3 py-3 text-right text-slate-600 tabular-nums sm:table-cell">
                    {t("recent.countsValue", { created: item.created_count, updated: item.updated_count, skipped: item.skipped_count })}
                  </td>
                  <td className="hidden px-5 py-3 text-slate-500 md:table-cell">
                    {format.dateTime(item.created_at, { dateStyle: "medium", timeStyle: "short" })}
                  </td>
                </tr>
              ))}
            </CardTable>
          )}
        </Card>
      </div>
    </div>
  );
}
