"use client";

import { Fragment, useState } from "react";
import { updateBusinessHours } from "@/app/actions/workspaces";
import { FieldError, FormError, Input } from "@/components/ui/field";
import { SaveRow } from "@/components/ui/save-row";
import { useAction } from "@/components/ui/use-action";
import { type BusinessHours, WEEKDAY_LABELS, WEEKDAYS, type Weekday } from "@/lib/business-hours";

type Row = { open: boolean; from: string; to: string };

function rowsOf(hours: BusinessHours): Record<Weekday, Row> {
  return Object.fromEntries(
    WEEKDAYS.map((day) => {
      const h = hours[day];
      return [day, { open: Boolean(h), from: h?.open ?? "09:00", to: h?.close ?? "17:00" }];
    }),
  ) as Record<Weekday, Row>;
}

function hoursOf(rows: Record<Weekday, Row>): BusinessHours {
  const hours: BusinessHours = {};
  for (const day of WEEKDAYS) {
    const row = rows[day];
    if (row.open) hours[day] = { open: row.from, close: row.to };
  }
  return hours;
}

/** Opening hours per weekday, in the workspace's time zone. */
export function BusinessHoursForm({ initial, timeZone, disabled }: { initial: BusinessHours; timeZone: string; disabled?: boolean }) {
  const [rows, setRows] = useState(() => rowsOf(initial));
  const { pending, error, errorTechnical, fieldErrors, submit } = useAction();
  const [saved, setSaved] = useState(false);
  const set = (day: Weekday, patch: Partial<Row>) => {
    setSaved(false);
    setRows((current) => ({ ...current, [day]: { ...current[day], ...patch } }));
  };

  return (
    <form
      className="space-y-4"
      onSubmit={submit(
        () => updateBusinessHours({ hours: hoursOf(rows) }),
        () => setSaved(true),
      )}
    >
      <p className="text-sm text-slate-500">Times are in {timeZone.replaceAll("_", " ")}.</p>
      <fieldset disabled={disabled || pending} className="divide-y divide-slate-100">
        <legend className="sr-only">Opening hours per weekday</legend>
        {WEEKDAYS.map((day) => {
          const row = rows[day];
          const label = WEEKDAY_LABELS[day];
          return (
            <div key={day} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-2.5">
              <label className="flex w-36 items-center gap-2 text-sm font-medium text-slate-700">
                <input
                  type="checkbox"
                  checked={row.open}
                  onChange={(e) => set(day, { open: e.target.checked })}
                  className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600"
                />
                {label}
              </label>
              {row.open ? (
                <div className="flex items-center gap-2 text-sm text-slate-500">
                  {(["from", "to"] as const).map((end) => {
                    // Named by the action input's path, so a refusal about it lands here.
                    const name = `hours.${day}.${end === "from" ? "open" : "close"}`;
                    return (
                      <Fragment key={end}>
                        {end === "to" && <span aria-hidden>–</span>}
                        <div className="w-32">
                          <Input
                            id={name}
                            name={name}
                            type="time"
                            aria-label={`${label} ${end === "from" ? "opens" : "closes"}`}
                            value={row[end]}
                            onChange={(e) => set(day, { [end]: e.target.value })}
                            error={fieldErrors[name]}
                            required
                          />
                        </div>
                      </Fragment>
                    );
                  })}
                </div>
              ) : (
                <span className="text-sm text-slate-500">Closed</span>
              )}
              <div className="basis-full empty:hidden">
                <FieldError id={`hours.${day}.open`} message={fieldErrors[`hours.${day}.open`]} />
                <FieldError id={`hours.${day}.close`} message={fieldErrors[`hours.${day}.close`]} />
              </div>
            </div>
          );
        })}
      </fieldset>
      <FormError message={error} detail={errorTechnical} />
      {!disabled && <SaveRow label="Save hours" pending={pending} saved={saved} />}
    </form>
  );
}
