"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { Fragment, useState } from "react";
import { updateBusinessHours } from "@/app/actions/workspaces";
import { FieldError, FormError, Input } from "@/components/ui/field";
import { SaveRow } from "@/components/ui/save-row";
import { useAction } from "@/components/ui/use-action";
import { type BusinessHours, WEEKDAYS, type Weekday } from "@/lib/business-hours";

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

/** A Monday at noon UTC: WEEKDAYS[i] is this day plus i, whatever the zone it is read in. */
const MONDAY = Date.UTC(2024, 0, 1, 12);

/** Opening hours per weekday, in the workspace's time zone, listed from the day the workspace's market starts its week on. */
export function BusinessHoursForm({
  initial,
  timeZone,
  days,
  disabled,
}: {
  initial: BusinessHours;
  timeZone: string;
  days: readonly Weekday[];
  disabled?: boolean;
}) {
  const t = useTranslations("settings.businessHours");
  const format = useFormatter();
  const locale = useLocale();
  const weekdayName = (day: Weekday) => format.dateTime(MONDAY + WEEKDAYS.indexOf(day) * 86_400_000, { weekday: "long", timeZone: "UTC" });
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
      <p className="text-sm text-slate-500">{t("timesIn", { zone: timeZone.replaceAll("_", " ") })}</p>
      <fieldset disabled={disabled || pending} className="divide-y divide-slate-100">
        <legend className="sr-only">{t("legend")}</legend>
        {days.map((day) => {
          const row = rows[day];
          const weekday = weekdayName(day);
          // Spanish and Portuguese write weekdays in lower case; as a label on its own the name starts with a capital.
          const label = weekday.charAt(0).toLocaleUpperCase(locale) + weekday.slice(1);
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
                            aria-label={end === "from" ? t("opens", { day: weekday }) : t("closes", { day: weekday })}
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
                <span className="text-sm text-slate-500">{t("closed")}</span>
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
      {!disabled && <SaveRow label={t("save")} pending={pending} saved={saved} />}
    </form>
  );
}
