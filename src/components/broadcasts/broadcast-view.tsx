"use client";

import { Download, Pause, Play, Send, Users, X } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useState, useTransition } from "react";
import { cancelBroadcast, getBroadcastProgress, pauseBroadcast, resumeBroadcast, sendBroadcastNow } from "@/app/actions/broadcasts";
import { CategoryBars } from "@/components/dashboard/charts";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CardTable } from "@/components/ui/card-table";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, FormError, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge, statusLabel } from "@/components/ui/status-badge";
import { useAction } from "@/components/ui/use-action";
import { funnel, RECIPIENT_STATES, type RecipientState, SKIP_REASONS, type SkipReason } from "@/lib/broadcasts";
import type { BroadcastDetail, FailureGroup, RecipientItem } from "@/server/broadcasts/queries";
import { formatWhen } from "./broadcast-list";
import { BroadcastProgress } from "./progress-bar";

interface Progress {
  broadcast: BroadcastDetail;
  failures: FailureGroup[];
  recipients: { items: RecipientItem[]; nextAfter: string | null };
}

/** Seconds between refreshes while messages are still moving. */
const POLL_SECONDS = 3;

/**
 * A broadcast's page: progress, the funnel, failures by reason and the
 * recipients. It polls while the broadcast is scheduled, sending or paused
 * (queued messages still leave, statuses still arrive).
 */
export function BroadcastView({ initial, maySend, timeZone }: { initial: Progress; maySend: boolean; timeZone: string }) {
  const [progress, setProgress] = useState(initial);
  const [filter, setFilter] = useState<RecipientState | "">("");
  const [more, setMore] = useState<RecipientItem[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loading, startLoading] = useTransition();
  const { broadcast } = progress;
  const id = broadcast.id;

  const refresh = useCallback(
    async (state: RecipientState | "") => {
      const result = await getBroadcastProgress({ broadcastId: id, state: state || undefined });
      if (result.ok) {
        setProgress(result.data);
        setLoadError(null);
      } else setLoadError(result.error.message);
    },
    [id],
  );

  const live = ["scheduled", "sending", "paused"].includes(broadcast.state);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => void refresh(filter), POLL_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [live, filter, refresh]);

  const changeFilter = (state: RecipientState | "") => {
    setFilter(state);
    setMore([]);
    startLoading(() => refresh(state));
  };
  const loadMore = () => {
    const after = (more.at(-1) ?? progress.recipients.items.at(-1))?.id;
    startLoading(async () => {
      const result = await getBroadcastProgress({ broadcastId: id, state: filter || undefined, after });
      if (result.ok) setMore((rows) => [...rows, ...result.data.recipients.items]);
      else setLoadError(result.error.message);
    });
  };
  const nextAfter = more.length ? null : progress.recipients.nextAfter;
  const rows = [...progress.recipients.items, ...more];

  return (
    <div>
      <PageHeader
        title={broadcast.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge kind="broadcast" status={broadcast.state} />
            <span>
              {broadcast.template_name} ({broadcast.template_language}) from {broadcast.channel_name ?? "a WhatsApp number"}
              {broadcast.state === "scheduled" && broadcast.scheduled_at && ` · starts ${formatWhen(broadcast.scheduled_at, timeZone)}`}
            </span>
          </span>
        }
        actions={maySend && <Controls broadcastId={id} state={broadcast.state} onChanged={() => refresh(filter)} />}
      />
      <div className="mx-auto max-w-6xl space-y-4 p-4 sm:p-6">
        <FormError message={loadError} />
        <div className="grid gap-4 lg:grid-cols-2">
          <Card title="Progress" description="Recipients whose message has left, or who were skipped.">
            <BroadcastProgress counts={broadcast.counts} label="Progress" />
            <dl className="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
              {(
                [
                  ["Recipients", broadcast.counts.total],
                  ["Skipped", broadcast.counts.skipped],
                  ["Failed", broadcast.counts.failed],
                  ["Duplicates", broadcast.duplicate_count + broadcast.csv_duplicates],
                ] as const
              ).map(([label, value]) => (
                <div key={label}>
                  <dt className="text-xs text-slate-500">{label}</dt>
                  <dd className="text-lg font-semibold text-slate-900 tabular-nums">{value.toLocaleString("en")}</dd>
                </div>
              ))}
            </dl>
          </Card>
          <Card title="Funnel" description="How far the messages got; a reply counts as read.">
            <CategoryBars
              label="Recipients queued, sent, delivered, read and replied"
              data={funnel(broadcast.counts).map(({ step, count }) => ({ name: step, value: count }))}
            />
          </Card>
        </div>

        <Card title="Failures and skips" description="Grouped by WhatsApp's reason, or why we did not send.">
          {progress.failures.length === 0 ? (
            <p className="text-sm text-slate-500">None so far.</p>
          ) : (
            <CardTable
              columns={[
                { label: "Reason" },
                { label: "Code", className: "hidden sm:table-cell" },
                { label: "Recipients", className: "text-right" },
              ]}
            >
              {progress.failures.map((f) => (
                <tr key={`${f.state}-${f.code}-${f.reason}`}>
                  <td className="px-5 py-2">
                    <StatusBadge kind="broadcastRecipient" status={f.state} /> <span className="ml-1 text-slate-800">{f.reason}</span>
                  </td>
                  <td className="hidden px-3 py-2 text-slate-500 sm:table-cell">{f.code ?? "–"}</td>
                  <td className="px-5 py-2 text-right tabular-nums">{f.count.toLocaleString("en")}</td>
                </tr>
              ))}
            </CardTable>
          )}
        </Card>

        <Card title="Recipients" description="Each number once, with where its message is now.">
          <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
            <div className="w-48">
              <Field label="State" htmlFor="recipient-state">
                <Select id="recipient-state" value={filter} onChange={(e) => changeFilter(e.currentTarget.value as RecipientState | "")}>
                  <option value="">All</option>
                  {RECIPIENT_STATES.map((s) => (
                    <option key={s} value={s}>
                      {statusLabel("broadcastRecipient", s)}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
            {/* A plain download: the file streams from the server however many recipients there are. */}
            <a href={`/broadcasts/${id}/export`} className={buttonClass({ variant: "secondary" })} download>
              <Download className="size-4" aria-hidden /> Export CSV
            </a>
          </div>
          {rows.length === 0 ? (
            <EmptyState icon={Users} title={filter ? "No recipients in this state" : "No recipients yet"}>
              {broadcast.state === "draft" || broadcast.state === "scheduled"
                ? "Recipients are listed once the broadcast starts."
                : "The audience is being prepared."}
            </EmptyState>
          ) : (
            <CardTable
              columns={[
                { label: "Recipient" },
                { label: "State" },
                { label: "Detail", className: "hidden md:table-cell" },
                { label: "Conversation", className: "text-right" },
              ]}
            >
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="px-5 py-2">
                    <p className="text-slate-900">{r.name ?? r.phone ?? "–"}</p>
                    {r.name && <p className="text-xs text-slate-500">{r.phone}</p>}
                  </td>
                  <td className="px-3 py-2">
                    <StatusBadge kind="broadcastRecipient" status={r.state} />
                  </td>
                  <td className="hidden px-3 py-2 text-slate-600 md:table-cell">{detail(r, timeZone)}</td>
                  <td className="px-5 py-2 text-right">
                    {r.conversation_id ? (
                      <Link href={`/inbox/${r.conversation_id}`} className="text-brand-700 hover:underline">
                        Open
                      </Link>
                    ) : (
                      "–"
                    )}
                  </td>
                </tr>
              ))}
            </CardTable>
          )}
          {nextAfter && (
            <div className="mt-3 flex justify-center">
              <Button variant="secondary" pending={loading} onClick={loadMore}>
                Show more
              </Button>
            </div>
          )}
        </Card>
      </div>
    </div>
  );
}

function detail(r: RecipientItem, timeZone: string): string {
  if (r.state === "skipped") return r.skip_reason ? SKIP_REASONS[r.skip_reason as SkipReason] : "Skipped";
  if (r.state === "failed") return [r.failure_code, r.failure_reason].filter(Boolean).join(" · ");
  const at = r.replied_at ?? r.read_at ?? r.delivered_at ?? r.sent_at;
  return at ? formatWhen(at, timeZone) : "";
}

function Controls({ broadcastId, state, onChanged }: { broadcastId: string; state: string; onChanged: () => void }) {
  const { pending, error, run } = useAction();
  const act = (action: typeof pauseBroadcast) => run(() => action({ broadcastId }), onChanged);
  return (
    <div className="flex flex-wrap items-center gap-2">
      {(state === "draft" || state === "scheduled") && (
        <Button pending={pending} onClick={() => act(sendBroadcastNow)}>
          <Send className="size-4" aria-hidden /> Send now
        </Button>
      )}
      {state === "sending" && (
        <Button variant="secondary" pending={pending} onClick={() => act(pauseBroadcast)}>
          <Pause className="size-4" aria-hidden /> Pause
        </Button>
      )}
      {state === "paused" && (
        <Button pending={pending} onClick={() => act(resumeBroadcast)}>
          <Play className="size-4" aria-hidden /> Resume
        </Button>
      )}
      {["draft", "scheduled", "sending", "paused"].includes(state) && (
        <ConfirmButton
          title="Cancel this broadcast?"
          description="No further message is queued; messages already on their way may still arrive. This cannot be undone."
          confirmLabel="Cancel broadcast"
          action={() => cancelBroadcast({ broadcastId })}
          onDone={onChanged}
        >
          <X className="size-4" aria-hidden /> Cancel
        </ConfirmButton>
      )}
      <FormError message={error} />
    </div>
  );
}
