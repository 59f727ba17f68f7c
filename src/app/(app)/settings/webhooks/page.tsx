import { Webhook } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { CardTable } from "@/components/ui/card-table";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge, StatusLabel } from "@/components/ui/status-badge";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { listWebhookEvents, WEBHOOK_OUTCOMES, type WebhookOutcome } from "@/server/ingest/webhook-log";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("developers.webhookLog");
  return { title: t("title") };
}

const PAGE_SIZE = 50;

/** "2026-11-23T10:00:00.000Z_123" ↔ the keyset cursor of the last row shown. */
function parseCursor(value: string | undefined) {
  const match = value?.match(/^(.+)_(\d+)$/);
  if (!match?.[1] || !match[2]) return undefined;
  const receivedAt = new Date(match[1]);
  return Number.isNaN(receivedAt.getTime()) ? undefined : { receivedAt, id: Number(match[2]) };
}

export default async function WebhookLogPage({ searchParams }: { searchParams: Promise<{ outcome?: string; before?: string }> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  if (!isAdminRole(workspace.role)) redirect("/settings");
  const params = await searchParams;
  const outcome = WEBHOOK_OUTCOMES.includes(params.outcome as WebhookOutcome) ? (params.outcome as WebhookOutcome) : undefined;
  const events = await asUser(claims, (tx) =>
    listWebhookEvents(tx, workspace.id, { outcome, before: parseCursor(params.before), limit: PAGE_SIZE }),
  );
  const last = events.at(-1);
  const [t, format] = await Promise.all([getTranslations("developers.webhookLog"), getFormatter()]);
  const now = new Date();
  const filterHref = (value?: string) => (value ? `/settings/webhooks?outcome=${value}` : "/settings/webhooks");

  return (
    <Card title={t("title")} description={t("description")}>
      <nav aria-label={t("filterLabel")} className="mb-4 flex flex-wrap gap-1.5">
        {[undefined, ...WEBHOOK_OUTCOMES].map((value) => (
          <Link
            key={value ?? "all"}
            href={filterHref(value)}
            aria-current={outcome === value ? "page" : undefined}
            className={cn(
              "rounded-full px-2.5 py-1 text-xs font-medium ring-1",
              outcome === value ? "bg-brand-700 text-white ring-brand-700" : "text-slate-600 ring-slate-200 hover:bg-slate-50",
            )}
          >
            {value ? <StatusLabel kind="webhookEvent" status={value} /> : t("all")}
          </Link>
        ))}
      </nav>
      {events.length === 0 ? (
        <EmptyState icon={Webhook} title={t("empty")}>
          {t.rich("emptyHint", { code: (chunks) => <code className="font-mono">{chunks}</code> })}
        </EmptyState>
      ) : (
        <CardTable
          columns={[
            { label: t("received") },
            { label: t("provider") },
            { label: t("number"), className: "hidden md:table-cell" },
            { label: t("outcome") },
            { label: t("details"), className: "hidden sm:table-cell" },
          ]}
        >
          {events.map((event) => (
            <tr key={event.id} className="hover:bg-slate-50">
              <td className="px-5 py-2.5 whitespace-nowrap">
                <Link href={`/settings/webhooks/${event.id}`} className="font-medium text-brand-700 hover:underline">
                  <time dateTime={event.received_at.toISOString()} title={event.received_at.toISOString()}>
                    {format.relativeTime(event.received_at, now)}
                  </time>
                </Link>
              </td>
              <td className="px-3 py-2.5">{event.provider}</td>
              <td className="hidden px-3 py-2.5 text-slate-600 md:table-cell">{event.channel_name ?? "—"}</td>
              <td className="px-3 py-2.5">
                <StatusBadge kind="webhookEvent" status={event.outcome} />
              </td>
              <td className="hidden max-w-xs truncate px-5 py-2.5 text-slate-500 sm:table-cell">
                {event.last_error ??
                  (event.summary
                    ? t("summary", {
                        messages: event.summary.messages ?? 0,
                        statuses: event.summary.statuses ?? 0,
                        duplicates: event.summary.duplicates ?? 0,
                      })
                    : "")}
              </td>
            </tr>
          ))}
        </CardTable>
      )}
      {last && events.length === PAGE_SIZE && (
        <div className="mt-4 flex justify-end">
          <Link
            href={`/settings/webhooks?${new URLSearchParams({ ...(outcome && { outcome }), before: `${last.received_at.toISOString()}_${last.id}` })}`}
            className="text-sm font-medium text-brand-700 hover:underline"
          >
            {t("older")}
          </Link>
        </div>
      )}
    </Card>
  );
}
