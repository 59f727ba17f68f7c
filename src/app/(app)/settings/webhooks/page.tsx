import { Webhook } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { CardTable } from "@/components/ui/card-table";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge, StatusLabel } from "@/components/ui/status-badge";
import { formatRelativeTime } from "@/lib/format";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { listWebhookEvents, WEBHOOK_OUTCOMES, type WebhookOutcome } from "@/server/ingest/webhook-log";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "Webhook log" };

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
  const now = new Date();
  const filterHref = (value?: string) => (value ? `/settings/webhooks?outcome=${value}` : "/settings/webhooks");

  return (
    <Card
      title="Webhook log"
      description="Every request your WhatsApp providers sent, as received, with what became of it. Replaying is always safe."
    >
      <nav aria-label="Filter by outcome" className="mb-4 flex flex-wrap gap-1.5">
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
            {value ? <StatusLabel kind="webhookEvent" status={value} /> : "All"}
          </Link>
        ))}
      </nav>
      {events.length === 0 ? (
        <EmptyState icon={Webhook} title="No webhooks here yet">
          Connect a WhatsApp number, or try <code className="font-mono">npm run simulate -- text</code> locally.
        </EmptyState>
      ) : (
        <CardTable
          columns={[
            { label: "Received" },
            { label: "Provider" },
            { label: "Number", className: "hidden md:table-cell" },
            { label: "Outcome" },
            { label: "Details", className: "hidden sm:table-cell" },
          ]}
        >
          {events.map((event) => (
            <tr key={event.id} className="hover:bg-slate-50">
              <td className="px-5 py-2.5 whitespace-nowrap">
                <Link href={`/settings/webhooks/${event.id}`} className="font-medium text-brand-700 hover:underline">
                  <time dateTime={event.received_at.toISOString()} title={event.received_at.toISOString()}>
                    {formatRelativeTime(event.received_at, now)}
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
                    ? `${event.summary.messages ?? 0} new messages, ${event.summary.statuses ?? 0} statuses, ${event.summary.duplicates ?? 0} duplicates`
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
            Older events →
          </Link>
        </div>
      )}
    </Card>
  );
}
