import { Download, Upload, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ContactFilters } from "@/components/contacts/contact-filters";
import { ContactsTable } from "@/components/contacts/contacts-table";
import { NewContactButton } from "@/components/contacts/new-contact-button";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { contactListQuery, hasFilters, parseContactParams } from "@/lib/contact-filters";
import type { CountryCode } from "@/lib/phone";
import { isAdminRole } from "@/lib/roles";
import { listContacts, listStages, listTags } from "@/server/contacts/queries";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("contacts.page");
  return { title: t("title") };
}

const PAGE_SIZE = 50;

const secondary = buttonClass({ variant: "secondary" });

export default async function ContactsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  const params = parseContactParams(await searchParams);
  const { page, stages, members, tags } = await asUser(claims, async (tx) => {
    const [page, stages, members, tags] = await Promise.all([
      listContacts(tx, workspace.id, { ...params, country: workspace.default_country as CountryCode, limit: PAGE_SIZE }),
      listStages(tx, workspace.id),
      listMembers(tx, workspace.id),
      listTags(tx, workspace.id),
    ]);
    return { page, stages, members, tags };
  });
  const memberOptions = members.map((m) => ({ id: m.user_id, name: m.full_name }));
  const filtered = hasFilters(params);
  const t = await getTranslations("contacts.page");

  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href="/contacts/import" className={secondary}>
              <Upload className="size-4" aria-hidden /> {t("import")}
            </Link>
            {isAdminRole(workspace.role) && (
              // A plain download: the file streams from the server however many contacts the filters select.
              <a href={`/contacts/export?${contactListQuery(params)}`} download className={secondary}>
                <Download className="size-4" aria-hidden /> {filtered ? t("exportFiltered") : t("export")}
              </a>
            )}
            <NewContactButton stages={stages} members={memberOptions} country={workspace.default_country} />
          </div>
        }
      />
      <ContactFilters params={params} stages={stages} members={memberOptions} tags={tags} filtered={filtered} />
      {page.items.length === 0 ? (
        <EmptyState icon={Users} title={filtered ? t("noMatchTitle") : t("emptyTitle")}>
          {filtered ? t("noMatch") : t("empty")}
        </EmptyState>
      ) : (
        <ContactsTable initialPage={page} params={params} stages={stages} members={memberOptions} />
      )}
    </div>
  );
}
