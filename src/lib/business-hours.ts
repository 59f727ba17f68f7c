import { z } from "zod";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "validation.timeOfDay");

const openingHours = z.object({ open: time, close: time });

/**
 * Opening hours per weekday in the workspace's time zone; a missing day is
 * closed. The order check names the day (a catalogue select on `day`), since
 * the form shows all seven.
 */
export const businessHours = z.partialRecord(z.enum(WEEKDAYS), openingHours).superRefine((hours, ctx) => {
  for (const day of WEEKDAYS) {
    const h = hours[day];
    if (h && h.open >= h.close)
      ctx.addIssue({
        code: "custom",
        path: [day, "close"],
        message: "validation.closesBeforeOpening",
        params: { day },
      });
  }
});
export type BusinessHours = z.infer<typeof businessHours>;

/** Time zones the runtime knows (IANA names), with UTC, which some runtimes leave out of the list. */
export function timeZoneOptions(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Whether a moment falls within the opening hours, read on the workspace's clock. */
export function isOpenAt(hours: BusinessHours, timeZone: string, at: Date): boolean {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const day = hours[part("weekday").toLowerCase().slice(0, 3) as Weekday];
  const time = `${part("hour")}:${part("minute")}`;
  return Boolean(day && day.open <= time && time < day.close);
}
