import { Webhook } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SubscriptionForm } from "@/components/settings/outbound-webhooks";
import { Card } from "@/components/ui/card";
import { CardTable } from "@/components/ui/card-table";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatRelativeTime } from "@/lib/format";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { listSubscriptions } from "@/server/outhooks/subscriptions";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "Outbound webhooks" };

export default async function OutboundWebhooksPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  if (!isAdminRole(workspace.role)) redirect("/settings");
  const subscriptions = await asUser(claims, (tx) => listSubscriptions(tx, workspace.id));
  const now = new Date();
  return (
    <>
      <Card
        title="Add an endpoint"
        description={
          <>
            Conversa posts events (new messages, delivery statuses, contacts, assignments, pipeline moves) to your HTTPS endpoint as they
            happen, signed with a secret only you and Conversa know. Failed deliveries are retried with backoff for about an hour. See{" "}
            <Link href="/settings/api/reference#webhooks" className="text-brand-700 underline">
              the payloads
            </Link>
            .
          </>
        }
      >
        <SubscriptionForm />
      </Card>
      <Card title={`Endpoints (${subscriptions.length})`}>
        {subscriptions.length === 0 ? (
          <EmptyState icon={Webhook} title="No endpoints yet">
            Add one above; “Send test event” on its page checks that it receives and verifies our requests.
          </EmptyState>
        ) : (
          <CardTable
            columns={[
              { label: "Endpoint" },
              { label: "Events", className: "hidden md:table-cell" },
              { label: "Status" },
              { label: "Last delivery", className: "hidden sm:table-cell" },
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
                  {subscription.paused_reason && <p className="mt-1 max-w-52 text-xs text-amber-800">{subscription.paused_reason}</p>}
                </td>
                <td className="hidden px-5 py-2.5 whitespace-nowrap text-slate-600 sm:table-cell">
                  {subscription.last_delivery_at ? (
                    <>
                      <span className={subscription.last_delivery_ok ? "text-brand-700" : "text-red-700"}>
                        {subscription.last_delivery_ok ? "Delivered" : "Failed"}
                      </span>{" "}
                      {formatRelativeTime(subscription.last_delivery_at, now)}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </CardTable>
        )}
      </Card>
    </>
  );
}
