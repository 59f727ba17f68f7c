import { Inbox, TriangleAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ReplayDeliveryButton, RotateSecret, SubscriptionActions, SubscriptionForm } from "@/components/settings/outbound-webhooks";
import { Card } from "@/components/ui/card";
import { CardTable } from "@/components/ui/card-table";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { isAdminRole } from "@/lib/roles";
import { readNotes } from "@/lib/stored-notes";
import { asUser } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { getSubscription, listDeliveries } from "@/server/outhooks/subscriptions";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("developers.webhook");
  return { title: t("title") };
}

export default async function OutboundWebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  if (!isAdminRole(workspace.role)) redirect("/settings");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const loaded = await asUser(claims, async (tx) => ({
    subscription: await getSubscription(tx, workspace.id, id),
    deliveries: await listDeliveries(tx, workspace.id, id),
  })).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const { subscription, deliveries } = loaded;
  const [t, tAll, format] = await Promise.all([getTranslations("developers.webhook"), getTranslations(), getFormatter()]);
  const now = new Date();
  const ago = (date: Date) => format.relativeTime(date, now);
  const paused = subscription.status === "paused";
  const previousSigns = subscription.previous_secret_expires_at !== null && subscription.previous_secret_expires_at > now;
  return (
    <>
      <Card title={t("endpoint")} description={<span className="break-all">{subscription.url}</span>}>
        <div className="space-y-4">
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <StatusBadge kind="webhookSubscription" status={subscription.status} />
            {subscription.description}
          </p>
          {paused && (
            <div role="alert" className="flex gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              <p>
                {subscription.paused_reason ? readNotes(subscription.paused_reason, tAll) : t("pausedFallback")}{" "}
                {t("pausedNotice", {
                  since: subscription.paused_at ? "yes" : "no",
                  when: subscription.paused_at ? ago(subscription.paused_at) : "",
                })}
              </p>
            </div>
          )}
          <SubscriptionActions id={subscription.id} url={subscription.url} paused={paused} />
        </div>
      </Card>
      <Card
        title={t("secretTitle")}
        description={t.rich("secretDescription", { code: (chunks) => <code className="font-mono">{chunks}</code> })}
      >
        <div className="space-y-3">
          {(subscription.secret_rotated_at || previousSigns) && (
            <p className="text-sm text-slate-600">
              {subscription.secret_rotated_at && <>{t("lastRotated", { when: ago(subscription.secret_rotated_at) })} </>}
              {previousSigns &&
                subscription.previous_secret_expires_at &&
                t("previousSigns", { when: ago(subscription.previous_secret_expires_at) })}
            </p>
          )}
          <RotateSecret id={subscription.id} />
        </div>
      </Card>
      <Card title={t("eventsTitle")}>
        <SubscriptionForm
          initial={{ id: subscription.id, url: subscription.url, description: subscription.description, events: subscription.events }}
        />
      </Card>
      <Card title={t("deliveriesTitle")} description={t("deliveriesDescription")}>
        {deliveries.length === 0 ? (
          <EmptyState icon={Inbox} title={t("empty")}>
            {t("emptyHint")}
          </EmptyState>
        ) : (
          <CardTable
            columns={[
              { label: t("event") },
              { label: t("status") },
              { label: t("attempts"), className: "hidden sm:table-cell" },
              { label: t("lastResponse"), className: "hidden md:table-cell" },
              { label: t("replay"), className: "text-right" },
            ]}
          >
            {deliveries.map((delivery) => {
              const last = delivery.attempt_log.at(-1);
              return (
                <tr key={delivery.id} className="align-top" data-testid="webhook-delivery-row">
                  <td className="px-5 py-2.5">
                    <code className="font-mono text-xs text-slate-900">{delivery.event_type}</code>
                    <p className="text-xs text-slate-500">
                      <time dateTime={delivery.created_at.toISOString()} title={delivery.created_at.toISOString()}>
                        {ago(delivery.created_at)}
                      </time>{" "}
                      · <span className="font-mono">{delivery.event_id.slice(0, 8)}</span>
                    </p>
                    {delivery.attempt_log.length > 0 && (
                      <details className="mt-1 text-xs">
                        <summary className="cursor-pointer text-brand-700">{t("attempts")}</summary>
                        <ol className="mt-1 space-y-1.5">
                          {delivery.attempt_log.map((attempt, index) => (
                            <li key={attempt.attempted_at} className="rounded bg-slate-50 px-2 py-1 ring-1 ring-slate-100">
                              {t.rich("attempt", {
                                number: index + 1,
                                when: ago(new Date(attempt.attempted_at)),
                                response: attempt.response_status ? t("http", { status: attempt.response_status }) : t("noAnswer"),
                                latency: attempt.latency_ms,
                                num: (chunks) => <span className="font-medium">{chunks}</span>,
                              })}
                              {attempt.error && <span className="block text-red-700">{readNotes(attempt.error, tAll)}</span>}
                              {attempt.response_excerpt && (
                                <pre className="mt-1 max-h-32 overflow-auto font-mono whitespace-pre-wrap break-all text-slate-600">
                                  {attempt.response_excerpt}
                                </pre>
                              )}
                            </li>
                          ))}
                        </ol>
                      </details>
                    )}
                  </td>
                  <td className="px-3 py-2.5">
                    <StatusBadge
                      kind="webhookDelivery"
                      status={delivery.status === "pending" && delivery.attempts === 0 ? "queued" : delivery.status}
                    />
                  </td>
                  <td className="hidden px-3 py-2.5 text-slate-600 sm:table-cell">{delivery.attempts}</td>
                  <td className="hidden px-3 py-2.5 text-slate-600 md:table-cell">
                    {last ? (
                      <>
                        {last.response_status
                          ? t("http", { status: last.response_status })
                          : last.error
                            ? readNotes(last.error, tAll)
                            : t("noAnswer")}
                        <span className="block text-xs text-slate-500">{t("latency", { latency: last.latency_ms })}</span>
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="px-5 py-2.5 text-right">
                    <ReplayDeliveryButton subscriptionId={subscription.id} deliveryId={delivery.id} />
                  </td>
                </tr>
              );
            })}
          </CardTable>
        )}
      </Card>
      <p className="text-sm">
        <Link href="/settings/api/webhooks" className="text-brand-700 hover:underline">
          {t("allEndpoints")}
        </Link>
      </p>
    </>
  );
}
