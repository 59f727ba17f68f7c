import { Webhook } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { SubscriptionForm } from "@/components/settings/outbound-webhooks";
import { Card } from "@/components/ui/card";
import { CardTable } from "@/components/ui/card-table";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { isAdminRole } from "@/lib/roles";
import { readNotes } from "@/lib/stored-notes";
import { asUser } from "@/server/db/client";
import { listSubscriptions } from "@/server/outhooks/subscriptions";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("developers.nav");
  return { title: t("webhooks") };
}

export default async function OutboundWebhooksPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  if (!isAdminRole(workspace.role)) redirect("/settings");
  const subscriptions = await asUser(claims, (tx) => listSubscriptions(tx, workspace.id));
  const [t, tAll, format] = await Promise.all([getTranslations("developers.webhooks"), getTranslations(), getFormatter()]);
  const now = new Date();
  return (
    <>
      <Card
        title={t("addTitle")}
        description={t.rich("addDescription", {
          link: (chunks) => (
            <Link href="/settings/api/reference#webhooks" className="text-brand-700 underline">
              {chunks}
            </Link>
          ),
        })}
      >
        <SubscriptionForm />
      </Card>
      <Card title={t("listTitle", { count: subscriptions.length })}>
        {subscriptions.length === 0 ? (
          <EmptyState icon={Webhook} title={t("empty")}>
            {t("emptyHint")}
          </EmptyState>
        ) : (
          <CardTable
            columns={[
              { label: t("endpoint") },
              { label: t("events"), className: "hidden md:table-cell" },
              { label: t("status") },
              { label: t("lastDelivery"), className: "hidden sm:table-cell" },
            ]}
          >
            {subscriptions.map((subscription) => (
              <tr key={subscription.id} className="align-top hover:bg-slate-50" data-testid="webhook-subscription-row">
                <td className="max-w-xs px-5 py-2.5">
                  <Link
                    href={`/settings/api/webhooks/${subscription.id}`}
                    className="block truncate font-medium text-brand-700 hover:underline"
                  >
                    {subscription.url}
                  </Link>
                  {subscription.description && <p className="truncate text-xs text-slate-500">{subscription.description}</p>}
                </td>
                <td className="hidden px-3 py-2.5 text-xs text-slate-600 md:table-cell">
                  {subscription.events.map((type) => (
                    <code key={type} className="block font-mono">
                      {type}
                    </code>
                  ))}
                </td>
                <td className="px-3 py-2.5">
                  <StatusBadge kind="webhookSubscription" status={subscription.status} />
                  {subscription.paused_reason && (
                    <p className="mt-1 max-w-52 text-xs text-amber-800">{readNotes(subscription.paused_reason, tAll)}</p>
                  )}
                </td>
                <td className="hidden px-5 py-2.5 whitespace-nowrap text-slate-600 sm:table-cell">
                  {subscription.last_delivery_at
                    ? t.rich(subscription.last_delivery_ok ? "lastDelivered" : "lastFailed", {
                        when: format.relativeTime(subscription.last_delivery_at, now),
                        ok: (chunks) => <span className="text-brand-700">{chunks}</span>,
                        failed: (chunks) => <span className="text-red-700">{chunks}</span>,
                      })
                    : "—"}
                </td>
              </tr>
            ))}
          </CardTable>
        )}
      </Card>
    </>
  );
}
