import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { StatusBadge } from "@/components/ui/status-badge";
import { type BroadcastState, funnel, type RecipientCounts, type RecipientState } from "@/lib/broadcasts";
import { BroadcastProgress } from "./progress-bar";

export interface BroadcastListItem {
  id: string;
  name: string;
  state: BroadcastState;
  template_name: string;
  scheduled_at: Date | null;
  started_at: Date | null;
  created_at: Date;
  counts: RecipientCounts;
}

/** "Dec 5, 14:30" on the workspace's clock, in the user's language. */
export function useFormatWhen(timeZone: string): (date: Date) => string {
  const format = useFormatter();
  return (date) =>
    format.dateTime(date, { timeZone, month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}

/** The funnel's steps by the recipient state each is named after (common.status.broadcastRecipient). */
export const funnelSteps = (counts: RecipientCounts) =>
  funnel(counts).map(({ step, count }) => ({ step: step.toLowerCase() as RecipientState, count }));

/** Cards on a phone, a table from md up: name, state, progress, funnel counts. */
export function BroadcastList({ items, timeZone }: { items: BroadcastListItem[]; timeZone: string }) {
  const t = useTranslations("broadcasts.list");
  const status = useTranslations("common.status.broadcastRecipient");
  const format = useFormatter();
  const formatWhen = useFormatWhen(timeZone);
  const when = (item: BroadcastListItem) =>
    item.state === "scheduled" && item.scheduled_at
      ? t("starts", { when: formatWhen(item.scheduled_at) })
      : item.started_at
        ? t("started", { when: formatWhen(item.started_at) })
        : t("created", { when: formatWhen(item.created_at) });
  return (
    <ul className="divide-y divide-slate-100 rounded-xl bg-white ring-1 ring-slate-200">
      {items.map((item) => (
        <li key={item.id}>
          <Link
            href={`/broadcasts/${item.id}`}
            className="grid gap-3 px-4 py-3 hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none md:grid-cols-[minmax(0,2fr)_7rem_minmax(8rem,1fr)_minmax(0,1.5fr)] md:items-center"
          >
            <div className="min-w-0">
              <p className="truncate text-sm font-medium text-slate-900">{item.name}</p>
              <p className="truncate text-xs text-slate-500">
                {item.template_name} · {when(item)}
              </p>
            </div>
            <div>
              <StatusBadge kind="broadcast" status={item.state} />
            </div>
            <BroadcastProgress counts={item.counts} label={t("progressOf", { name: item.name })} />
            <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500 tabular-nums">
              {[...funnelSteps(item.counts).slice(2), { step: "failed" as const, count: item.counts.failed }].map(({ step, count }) => (
                <div key={step} className="flex gap-1">
                  <dt>{status(step)}</dt>
                  <dd className="font-medium text-slate-700">{format.number(count)}</dd>
                </div>
              ))}
            </dl>
          </Link>
        </li>
      ))}
    </ul>
  );
}
