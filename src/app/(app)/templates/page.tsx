import { FileText, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { RefreshWhilePending } from "@/components/templates/refresh-while-pending";
import { SyncButton } from "@/components/templates/sync-button";
import { TemplateFilters } from "@/components/templates/template-filters";
import { type TemplateItem, TemplateList } from "@/components/templates/template-list";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { statusLabel } from "@/components/ui/status-badge";
import { formatRelativeTime } from "@/lib/format";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { listTemplates, templateChannels } from "@/server/whatsapp/templates/queries";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "Templates" };

const STATUS_FILTERS = ["APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED"] as const;

const one = (value: string | string[] | undefined) => (typeof value === "string" && value ? value : undefined);

export default async function TemplatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { claims, workspace } = await requireWorkspaceContext();
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
    c.display_phone_number ? `${c.display_phone_number}${c.name ? ` · ${c.name}` : ""}` : (c.name ?? "Number");
  const now = new Date();
  const items: TemplateItem[] = templates.map((t) => ({
    id: t.id,
    name: t.name,
    language: t.language,
    category: t.category,
    status: t.status,
    quality: t.quality,
    number: t.channel ? numberLabel({ name: t.channel.name, display_phone_number: t.channel.displayPhoneNumber }) : null,
    synced: t.syncedAt ? formatRelativeTime(t.syncedAt, now) : null,
  }));
  const filtered = Boolean(filter.channelId || filter.status || filter.category);
  const admin = isAdminRole(workspace.role);

  return (
    <div>
      <PageHeader
        title="Templates"
        description="The WhatsApp message templates of your numbers: what you may send outside the 24-hour window, and their review status."
        actions={
          admin ? (
            <Link href="/templates/new" className={buttonClass()}>
              <Plus className="size-4" aria-hidden /> New template
            </Link>
          ) : null
        }
      />
      {/* Meta reviews within 24 hours: a template pending for longer is not worth polling for. */}
      <RefreshWhilePending pending={templates.some((t) => t.status === "PENDING" && now.getTime() - t.updatedAt.getTime() < 86_400_000)} />
      <div className="space-y-4 p-4 sm:p-6">
        {channelIds.length === 0 ? (
          <EmptyState icon={FileText} title="No WhatsApp number yet">
            Connect a number in Settings → WhatsApp; its templates appear here.
          </EmptyState>
        ) : (
          <>
            <TemplateFilters
              numbers={channelIds.map((c) => ({ value: c.id, label: numberLabel(c) }))}
              statuses={STATUS_FILTERS.map((s) => ({ value: s, label: statusLabel("template", s) }))}
            />
            <ul aria-label="Numbers" className="flex flex-wrap gap-x-6 gap-y-2">
              {channelIds.map((c) => (
                <li key={c.id} className="flex items-center gap-2 text-sm text-slate-600">
                  <span className="truncate">{numberLabel(c)}</span>
                  <SyncButton channelId={c.id} label={numberLabel(c)} />
                </li>
              ))}
            </ul>
            {items.length === 0 ? (
              <EmptyState icon={FileText} title={filtered ? "No template matches these filters" : "No templates yet"}>
                {filtered
                  ? "Change or clear the filters."
                  : admin
                    ? "Create one, or press Sync now to read the ones your provider already has."
                    : "Press Sync now to read the ones your provider already has; admins can create new ones."}
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
