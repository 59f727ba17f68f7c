"use client";

import { Download, Pause, Play, Send, Users, X } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
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
import { StatusBadge, useStatusLabel } from "@/components/ui/status-badge";
import { useAction } from "@/components/ui/use-action";
import { RECIPIENT_STATES, type RecipientState, type SkipReason } from "@/lib/broadcasts";
import type { BroadcastDetail, FailureGroup, RecipientItem } from "@/server/broadcasts/queries";
import { funnelSteps, useFormatWhen } from "./broadcast-list";
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
  const t = useTranslations("broadcasts.view");
  const tBroadcasts = useTranslations("broadcasts");
  const statusLabel = useStatusLabel();
  const format = useFormatter();
  const formatWhen = useFormatWhen(timeZone);
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
  /** Where a recipient's message is: why it was skipped or failed, or when it last moved. */
  const detail = (r: RecipientItem): string => {
    if (r.state === "skipped")
      return r.skip_reason ? tBroadcasts(`skipReasons.${r.skip_reason as SkipReason}`) : statusLabel("broadcastRecipient", "skipped");
    if (r.state === "failed") return [r.failure_code, r.failure_reason].filter(Boolean).join(" · ");
    const at = r.replied_at ?? r.read_at ?? r.delivered_at ?? r.sent_at;
    return at ? formatWhen(at) : "";
  };

  return (
    <div>
      <PageHeader
        title={broadcast.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge kind="broadcast" status={broadcast.state} />
            <span>
              {t(broadcast.channel_name ? "from" : "fromUnknown", {
                template: broadcast.template_name,
                language: broadcast.template_language,
                number: broadcast.channel_name ?? "",
                starts: broadcast.state === "scheduled" && broadcast.scheduled_at ? formatWhen(broadcast.scheduled_at) : "none",
              })}
            </span>
          </span>
        }
        actions={maySend && <Controls broadcastId={id} state={broadcast.state} onChanged={() => refresh(filter)} />}
      />
      <div className="mx-auto max-w-6xl space-y-4 p-4 sm:p-6">
        <FormError message={loadError} />
        <div className="grid gap-4 lg:grid-cols-2">
          <Card title={t("progress")} description={t("progressDescription")}>
            <BroadcastProgress counts={broadcast.counts} label={t("progress")} />
            <dl className="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
              {(
                [
                  ["recipients", broadcast.counts.total],
                  ["skipped", broadcast.counts.skipped],
                  ["failed", broadcast.counts.failed],
                  ["duplicates", broadcast.duplicate_count + broadcast.csv_duplicates],
                ] as const
              ).map(([label, value]) => (
                <div key={label}>
                  <dt className="text-xs text-slate-500">{t(label)}</dt>
                  <dd className="text-lg font-semibold text-slate-900 tabular-nums">{format.number(value)}</dd>
                </div>
              ))}
            </dl>
          </Card>
          <Card title={t("funnel")} description={t("funnelDescription")}>
            <CategoryBars
              label={t("funnelLabel")}
              data={funnelSteps(broadcast.counts).map(({ step, count }) => ({
                name: statusLabel("broadcastRecipient", step),
                value: count,
              }))}
            />
          </Card>
        </div>

        <Card title={t("failures")} description={t("failuresDescription")}>
          {progress.failures.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noneSoFar")}</p>
          ) : (
            <CardTable
              columns={[
                { label: t("reason") },
                { label: t("code"), className: "hidden sm:table-cell" },
                { label: t("recipients"), className: "text-right" },
              ]}
            >
              {progress.failures.map((f) => (
                <tr key={`${f.state}-${f.code}-${f.reason}`}>
                  <td className="px-5 py-2">
                    <StatusBadge kind="broadcastRecipient" status={f.state} /> <span className="ml-1 text-slate-800">{f.reason}</span>
                  </td>
                  <td className="hidden px-3 py-2 text-slate-500 sm:table-cell">{f.code ?? "–"}</td>
                  <td className="px-5 py-2 text-right tabular-nums">{format.number(f.count)}</td>
                </tr>
              ))}
            </CardTable>
          )}
        </Card>

        <Card title={t("recipients")} description={t("recipientsDescription")}>
          <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
            <div className="w-48">
              <Field label={t("state")} htmlFor="recipient-state">
                <Select id="recipient-state" value={filter} onChange={(e) => changeFilter(e.currentTarget.value as RecipientState | "")}>
                  <option value="">{t("all")}</option>
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
              <Download className="size-4" aria-hidden /> {t("exportCsv")}
            </a>
          </div>
          {rows.length === 0 ? (
            <EmptyState icon={Users} title={filter ? t("noRecipientsInState") : t("noRecipientsYet")}>
              {broadcast.state === "draft" || broadcast.state === "scheduled" ? t("listedOnceStarted") : t("beingPrepared")}
            </EmptyState>
          ) : (
            <CardTable
              columns={[
                { label: t("recipient") },
                { label: t("state") },
                { label: t("detail"), className: "hidden md:table-cell" },
                { label: t("conversation"), className: "text-right" },
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
                  <td className="hidden px-3 py-2 text-slate-600 md:table-cell">{detail(r)}</td>
                  <td className="px-5 py-2 text-right">
                    {r.conversation_id ? (
                      <Link href={`/inbox/${r.conversation_id}`} className="text-brand-700 hover:underline">
                        {t("open")}
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
                {t("showMore")}
              </Button>
            </div>
          )}
        </Card>
      </div>
    </div>
  );
}

function Controls({ broadcastId, state, onChanged }: { broadcastId: string; state: string; onChanged: () => void }) {
  const t = useTranslations("broadcasts.view");
  const { pending, error, run } = useAction();
  const act = (action: typeof pauseBroadcast) => run(() => action({ broadcastId }), onChanged);
  return (
    <div className="flex flex-wrap items-center gap-2">
      {(state === "draft" || state === "scheduled") && (
        <Button pending={pending} onClick={() => act(sendBroadcastNow)}>
          <Send className="size-4" aria-hidden /> {t("sendNow")}
        </Button>
      )}
      {state === "sending" && (
        <Button variant="secondary" pending={pending} onClick={() => act(pauseBroadcast)}>
          <Pause className="size-4" aria-hidden /> {t("pause")}
        </Button>
      )}
      {state === "paused" && (
        <Button pending={pending} onClick={() => act(resumeBroadcast)}>
          <Play className="size-4" aria-hidden /> {t("resume")}
        </Button>
      )}
      {["draft", "scheduled", "sending", "paused"].includes(state) && (
        <ConfirmButton
          title={t("cancelTitle")}
          description={t("cancelDescription")}
          confirmLabel={t("cancelConfirm")}
          action={() => cancelBroadcast({ broadcastId })}
          onDone={onChanged}
        >
          <X className="size-4" aria-hidden /> {t("cancel")}
        </ConfirmButton>
      )}
      <FormError message={error} />
    </div>
  );
}
