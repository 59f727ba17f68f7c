import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ReplayButton } from "@/components/settings/replay-button";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/status-badge";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { getWebhookEvent } from "@/server/ingest/webhook-log";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("developers.webhookEvent");
  return { title: t("title") };
}

export default async function WebhookEventPage({ params }: { params: Promise<{ id: string }> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  if (!isAdminRole(workspace.role)) redirect("/settings");
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const event = await asUser(claims, (tx) => getWebhookEvent(tx, workspace.id, id));
  if (!event) notFound();
  const [t, format] = await Promise.all([getTranslations("developers.webhookEvent"), getFormatter()]);
  const at = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "medium" });
  const replayable = event.payload !== null && event.outcome !== "invalid_signature" && event.outcome !== "malformed";

  return (
    <>
      <Link href="/settings/webhooks" className="text-sm font-medium text-brand-700 hover:underline">
        {t("back")}
      </Link>
      <Card title={t("heading", { id: event.id })} description={t("received", { provider: event.provider, when: at(event.received_at) })}>
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">{t("outcome")}</dt>
            <dd className="mt-0.5">
              <StatusBadge kind="webhookEvent" status={event.outcome} />
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("number")}</dt>
            <dd className="mt-0.5">{event.channel_name ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("attempts")}</dt>
            <dd className="mt-0.5">{event.attempts}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("processed")}</dt>
            <dd className="mt-0.5">{event.processed_at ? at(event.processed_at) : "—"}</dd>
          </div>
          {event.last_error && (
            <div className="sm:col-span-2">
              <dt className="text-slate-500">{t("error")}</dt>
              <dd className="mt-0.5 text-red-700">{event.last_error}</dd>
            </div>
          )}
        </dl>
        {replayable && (
          <div className="mt-5">
            <ReplayButton id={event.id} />
          </div>
        )}
      </Card>
      {event.diagnostics !== null ? (
        <Card title={t("bodyNotKept")} description={t("bodyNotKeptDescription")}>
          <pre className="overflow-auto rounded-md bg-slate-50 p-4 font-mono text-xs text-slate-700">
            {JSON.stringify(event.diagnostics, null, 2)}
          </pre>
        </Card>
      ) : (
        <Card title={t("body")} description={t("bodyDescription")}>
          <pre className="max-h-[32rem] overflow-auto rounded-md bg-slate-950 p-4 font-mono text-xs leading-relaxed text-slate-100">
            {event.payload !== null ? JSON.stringify(event.payload, null, 2) : event.raw_body}
          </pre>
        </Card>
      )}
      <Card title={t("headers")}>
        <pre className="overflow-auto rounded-md bg-slate-50 p-4 font-mono text-xs text-slate-700">
          {JSON.stringify(event.headers, null, 2)}
        </pre>
      </Card>
      {event.errors !== null && (
        <Card title={t("providerErrors")} description={t("providerErrorsDescription")}>
          <pre className="overflow-auto rounded-md bg-red-50 p-4 font-mono text-xs text-red-800">
            {JSON.stringify(event.errors, null, 2)}
          </pre>
        </Card>
      )}
    </>
  );
}
