import { Search, Users } from "lucide-react";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { formatPhone, formatRelativeTime } from "@/lib/format";
import { LEAD_STATUS_TONES } from "@/lib/lead-status";
import { listContacts } from "@/server/contacts/queries";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "Contacts" };

export default async function ContactsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  const search = (await searchParams).q?.trim().slice(0, 100) || undefined;
  const contacts = await asUser(claims, (tx) => listContacts(tx, workspace.id, { search, limit: 200 }));
  const now = new Date();

  return (
    <div>
      <PageHeader
        title="Contacts"
        description="Everyone who wrote to your WhatsApp numbers, and the leads you added."
        actions={
          <search className="relative w-full sm:w-72">
            <form>
              <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" aria-hidden />
              <Input
                name="q"
                type="search"
                defaultValue={search}
                placeholder="Search name, phone or email"
                aria-label="Search contacts"
                className="pl-8"
              />
            </form>
          </search>
        }
      />
      {contacts.length === 0 ? (
        <EmptyState icon={Users} title={search ? "No contact matches" : "No contacts yet"}>
          {search ? `Nothing matches “${search}”.` : "New WhatsApp numbers become leads here automatically."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-6 py-3">
                  Name
                </th>
                <th scope="col" className="px-3 py-3">
                  Phone
                </th>
                <th scope="col" className="px-3 py-3">
                  Status
                </th>
                <th scope="col" className="hidden px-3 py-3 md:table-cell">
                  Tags
                </th>
                <th scope="col" className="hidden px-3 py-3 lg:table-cell">
                  Source
                </th>
                <th scope="col" className="px-6 py-3 text-right">
                  Last activity
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {contacts.map((contact) => (
                <tr key={contact.id} className="hover:bg-slate-50">
                  <td className="px-6 py-3">
                    <p className="font-medium text-slate-900">{contact.name ?? "—"}</p>
                    {contact.email && <p className="text-xs text-slate-500">{contact.email}</p>}
                  </td>
                  <td className="px-3 py-3 whitespace-nowrap text-slate-600 tabular-nums">
                    {formatPhone(contact.phone_e164) || "No phone"}
                  </td>
                  <td className="px-3 py-3">
                    <Badge tone={LEAD_STATUS_TONES[contact.lead_status] ?? "gray"}>{contact.lead_status}</Badge>
                  </td>
                  <td className="hidden px-3 py-3 md:table-cell">
                    <div className="flex flex-wrap gap-1">
                      {contact.tags.map((tag) => (
                        <Badge key={tag}>{tag}</Badge>
                      ))}
                    </div>
                  </td>
                  <td className="hidden px-3 py-3 text-slate-600 lg:table-cell">{contact.source}</td>
                  <td className="px-6 py-3 text-right whitespace-nowrap text-slate-500">
                    {formatRelativeTime(contact.last_activity_at, now)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
