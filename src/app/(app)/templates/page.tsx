import { FileText, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { RefreshWhilePending } from "@/components/templates/refresh-while-pending";
import { SyncButton } from "@/components/templates/sync-button";
import { TemplateFilters } from "@/components/templates/template-filters";
import { type TemplateItem, TemplateList } from "@/components/templates/template-list";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { listTemplates, templateChannels } from "@/server/whatsapp/templates/queries";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("templates.list");
  return { title: t("title") };
}

const STATUS_FILTERS = ["APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED"] as const;

const one = (value: string | string[] | undefined) => (typeof value === "string" && value ? value : undefined);

export default async function TemplatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  const [t, tStatus, format] = await Promise.all([getTranslations("templates.list"), getTranslations("common.status"), getFormatter()]);
  const query = await searchParams;
  const channelIds = await asUser(claims, (tx) => templateChannels(tx, workspace.id));
  const number = one(query.number);
  const filter = {
    channelId: channelIds.some((c) => c.id === number) ? number : undefined,
    status: one(query.status),
    category: one(query.category),
  };
  const templates = await asUser(claims, (tx) => listTemplates(tx, workspace.id, filter));
  const numberLabel = (c: { name: string | null; display_phone_number: string | null }) =>
    c.display_phone_number ? `${c.display_phone_number}${c.name ? ` · ${c.name}` : ""}` : (c.name ?? t("number"));
  const now = new Date();
  const items: TemplateItem[] = templates.map((template) => ({
    id: template.id,
    name: template.name,
    language: template.language,
    category: template.category,
    status: template.status,
    quality: template.quality,
    number: template.channel
      ? numberLabel({ name: template.channel.name, display_phone_number: template.channel.displayPhoneNumber })
      : null,
    synced: template.syncedAt ? format.relativeTime(template.syncedAt, now) : null,
  }));
  const filtered = Boolean(filter.channelId || filter.status || filter.category);
  const admin = isAdminRole(workspace.role);

  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          admin ? (
            <Link href="/templates/new" className={buttonClass()}>
              <Plus className="size-4" aria-hidden /> {t("new")}
            </Link>
          ) : null
        }
      />
      {/* Meta reviews within 24 hours: a template pending for longer is not worth polling for. */}
      <RefreshWhilePending
        pending={templates.some((template) => template.status === "PENDING" && now.getTime() - template.updatedAt.getTime() < 86_400_000)}
      />
      <div className="space-y-4 p-4 sm:p-6">
        {channelIds.length === 0 ? (
          <EmptyState icon={FileText} title={t("noNumberTitle")}>
            {t("noNumberBody")}
          </EmptyState>
        ) : (
          <>
            <TemplateFilters
              numbers={channelIds.map((c) => ({ value: c.id, label: numberLabel(c) }))}
              statuses={STATUS_FILTERS.map((s) => ({ value: s, label: tStatus(`template.${s}`) }))}
            />
            <ul aria-label={t("numbers")} className="flex flex-wrap gap-x-6 gap-y-2">
              {channelIds.map((c) => (
                <li key={c.id} className="flex items-center gap-2 text-sm text-slate-600">
                  <span className="truncate">{numberLabel(c)}</span>
                  <SyncButton channelId={c.id} label={numberLabel(c)} />
                </li>
              ))}
            </ul>
            {items.length === 0 ? (
              <EmptyState icon={FileText} title={filtered ? t("noMatchTitle") : t("noneTitle")}>
                {filtered ? t("noMatchBody") : admin ? t("noneAdmin") : t("noneAgent")}
              </EmptyState>
            ) : (
              <TemplateList items={items} />
            )}
          </>
        )}
      </div>
    </div>
  );
}
