import { useFormatter, useTranslations } from "next-intl";
import { finishedCount, type RecipientCounts } from "@/lib/broadcasts";

/** How many recipients are through (sent or further, failed, skipped), of all; an audience not expanded yet reads 0 of 0. */
export function BroadcastProgress({ counts, label }: { counts: RecipientCounts; label: string }) {
  const t = useTranslations("broadcasts.progress");
  const format = useFormatter();
  const done = finishedCount(counts);
  const percent = counts.total ? Math.round((done / counts.total) * 100) : 0;
  return (
    <div className="min-w-32">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={counts.total}
        aria-valuenow={done}
        className="h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-1 text-xs text-slate-500 tabular-nums">
        {t("count", {
          done: format.number(done),
          total: format.number(counts.total),
          percent: format.number(percent / 100, { style: "percent" }),
        })}
      </p>
    </div>
  );
}
