"use client";

import { useFormatter, useTimeZone, useTranslations } from "next-intl";

/** A calendar day on the zone's clock, as a day count (for "today", "tomorrow"). */
function dayNumber(at: Date, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part("year"), part("month") - 1, part("day")) / 86_400_000;
}

/** "5 min. ago", "just now": how the inbox shows when something happened, in the reader's language. */
export function useRelativeTime(): (date: Date | string | null | undefined, now: Date) => string {
  const format = useFormatter();
  const t = useTranslations("inbox.time");
  return (date, now) => {
    if (!date) return "";
    const at = new Date(date);
    if (Math.abs(at.getTime() - now.getTime()) < 60_000) return t("justNow");
    return format.relativeTime(at, { now, style: "short" });
  };
}

/**
 * A wake time relative to now on the workspace's clock (next-intl's time
 * zone): "Today 18:00", "Tomorrow 09:00", "Mon 09:00", "Dec 12 09:00".
 */
export function useWakeTime(): (when: Date, now: Date, options?: { inSentence?: boolean }) => string {
  const format = useFormatter();
  const timeZone = useTimeZone();
  const t = useTranslations("inbox.wake");
  return (when, now, { inSentence = false } = {}) => {
    const days = dayNumber(when, timeZone) - dayNumber(now, timeZone);
    const time = format.dateTime(when, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    // Inside a sentence ("Snoozed until tomorrow 09:00") the day is not capitalised.
    if (days === 0) return t(inSentence ? "todayInSentence" : "today", { time });
    if (days === 1) return t(inSentence ? "tomorrowInSentence" : "tomorrow", { time });
    if (days > 1 && days < 7) return t("weekday", { day: format.dateTime(when, { weekday: "short" }), time });
    return t("date", { date: format.dateTime(when, { day: "numeric", month: "short" }), time });
  };
}

/** A message's time of day ("09:41"), on the workspace's clock. */
export function useClockTime(): (at: Date | string) => string {
  const format = useFormatter();
  return (at) => format.dateTime(new Date(at), { hour: "2-digit", minute: "2-digit" });
}
