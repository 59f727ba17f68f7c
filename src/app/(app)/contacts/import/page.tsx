import { FileSpreadsheet } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ContactImportUpload } from "@/components/contacts/contact-import-upload";
import { Card } from "@/components/ui/card";
import { CardTable } from "@/components/ui/card-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { listImports } from "@/server/contacts/imports";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "Import contacts" };

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export default async function ImportContactsPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  const imports = await asUser(claims, (tx) => listImports(tx, workspace.id, 10));

  return (
    <div>
      <PageHeader
        title="Import contacts"
        description={`Add or update contacts from a spreadsheet. Numbers without a country code are read as ${workspace.default_country} numbers.`}
      />
      <div className="mx-auto max-w-4xl space-y-6 p-4 sm:p-6">
        <Card
          title="Upload a CSV file"
          description="Export it from Excel, Google Sheets or another CRM; you choose which column is which next."
        >
          <ContactImportUpload />
        </Card>
        <Card title="Recent imports">
          {imports.length === 0 ? (
            <EmptyState icon={FileSpreadsheet} title="No imports yet">
              Files you import show up here with their report.
            </EmptyState>
          ) : (
            <CardTable
              columns={[
                { label: "File" },
                { label: "Status" },
                { label: "Rows", className: "text-right" },
                { label: "Created / updated / skipped", className: "hidden text-right sm:table-cell" },
                { label: "Uploaded", className: "hidden md:table-cell" },
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
                  <td className="px-3 py-3 text-right tabular-nums">{item.total_rows.toLocaleString()}</td>
                  <td className="hidden px-3 py-3 text-right text-slate-600 tabular-nums sm:table-cell">
                    {item.created_count.toLocaleString()} / {item.updated_count.toLocaleString()} / {item.skipped_count.toLocaleString()}
                  </td>
                  <td className="hidden px-5 py-3 text-slate-500 md:table-cell">{dateTime.format(item.created_at)}</td>
                </tr>
              ))}
            </CardTable>
          )}
        </Card>
      </div>
    </div>
  );
}
