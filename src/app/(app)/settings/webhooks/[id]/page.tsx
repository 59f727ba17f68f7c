import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ReplayButton } from "@/components/settings/replay-button";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/status-badge";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { getWebhookEvent } from "@/server/ingest/webhook-log";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "Webhook event" };

export default async function WebhookEventPage({ params }: { params: Promise<{ id: string }> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  if (!isAdminRole(workspace.role)) redirect("/settings");
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const event = await asUser(claims, (tx) => getWebhookEvent(tx, workspace.id, id));
  if (!event) notFound();
  const replayable = event.payload !== null && event.outcome !== "invalid_signature" && event.outcome !== "malformed";

  return (
    <>
      <Link href="/settings/webhooks" className="text-sm font-medium text-brand-700 hover:underline">
        ← Webhook log
      </Link>
      <Card title={`Event #${event.id}`} description={`${event.provider} · received ${event.received_at.toISOString()}`}>
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">Outcome</dt>
            <dd className="mt-0.5">
              <StatusBadge kind="webhookEvent" status={event.outcome} />
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Number</dt>
            <dd className="mt-0.5">{event.channel_name ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Attempts</dt>
            <dd className="mt-0.5">{event.attempts}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Processed</dt>
            <dd className="mt-0.5">{event.processed_at?.toISOString() ?? "—"}</dd>
          </div>
          {event.last_error && (
            <div className="sm:col-span-2">
              <dt className="text-slate-500">Error</dt>
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
        <Card
          title="Body not kept"
          description="The request could not be authenticated, so only its size and the ids it named were recorded."
        >
          <pre className="overflow-auto rounded-md bg-slate-50 p-4 font-mono text-xs text-slate-700">
            {JSON.stringify(event.diagnostics, null, 2)}
          </pre>
        </Card>
      ) : (
        <Card title="Body" description="Exactly what the provider sent (pretty-printed).">
          <pre className="max-h-[32rem] overflow-auto rounded-md bg-slate-950 p-4 font-mono text-xs leading-relaxed text-slate-100">
            {event.payload !== null ? JSON.stringify(event.payload, null, 2) : event.raw_body}
          </pre>
        </Card>
      )}
      <Card title="Headers">
        <pre className="overflow-auto rounded-md bg-slate-50 p-4 font-mono text-xs text-slate-700">
          {JSON.stringify(event.headers, null, 2)}
        </pre>
      </Card>
      {event.errors !== null && (
        <Card title="WhatsApp errors" description="Errors the provider reported alongside the messages (value.errors).">
          <pre className="overflow-auto rounded-md bg-red-50 p-4 font-mono text-xs text-red-800">
            {JSON.stringify(event.errors, null, 2)}
          </pre>
        </Card>
      )}
    </>
  );
}
