import { WEEKDAYS, type Weekday } from "@/lib/business-hours";
import type { Locale } from "@/lib/locales";

/** Intl's week info: 1 is Monday … 7 is Sunday, as in WEEKDAYS' order. */
type WeekInfo = { firstDay: number };

/** CLDR's answer for each language we speak, for runtimes without Intl week info (Firefox before 2025); kept equal to it by a test. */
const FIRST_DAY: Record<Locale, number> = { en: 7, id: 7, es: 1, "pt-BR": 7 };

/** Intl's week info for a language, under either of its shapes (the method, or the older getter some engines ship). */
function intlWeekInfo(locale: Locale): WeekInfo | undefined {
  const info = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => WeekInfo; weekInfo?: WeekInfo };
  return info.getWeekInfo?.() ?? info.weekInfo;
}

/** The day a week starts on where a language is spoken: Sunday for English (US) or Brazilian Portuguese, Monday for Spanish. */
export function firstWeekday(locale: Locale, weekInfo: (locale: Locale) => WeekInfo | undefined = intlWeekInfo): Weekday {
  const firstDay = weekInfo(locale)?.firstDay ?? FIRST_DAY[locale];
  return WEEKDAYS[firstDay - 1] ?? "mon";
}

/** The seven weekdays in the order a calendar of that market shows them. */
export function weekdaysFrom(first: Weekday): Weekday[] {
  const start = WEEKDAYS.indexOf(first);
  return [...WEEKDAYS.slice(start), ...WEEKDAYS.slice(0, start)];
}
