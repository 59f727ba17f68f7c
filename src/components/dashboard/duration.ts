import { useFormatter, useTranslations } from "next-intl";

/**
 * Durations in the reader's language: exact ("1 min 15 s") for figures and
 * tooltips, rounded ("1.5 h") for axis ticks. Seconds in, "–" for none.
 */
export function useDurations() {
  const t = useTranslations("dashboard.duration");
  const format = useFormatter();
  const exact = (seconds: number | null): string => {
    if (seconds === null || !Number.isFinite(seconds)) return "–";
    const s = Math.round(seconds);
    if (s < 60) return t("seconds", { s });
    if (s < 3600) {
      const m = Math.floor(s / 60);
      return s % 60 ? t("minutesSeconds", { m, s: s % 60 }) : t("minutes", { m });
    }
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m ? t("hoursMinutes", { h, m }) : t("hours", { h });
  };
  const short = (seconds: number): string => {
    if (seconds < 60) return t("seconds", { s: Math.round(seconds) });
    if (seconds < 3600) return t("minutes", { m: Math.round(seconds / 60) });
    return t("hours", { h: Number((seconds / 3600).toFixed(1)) });
  };
  return { exact, short, count: (value: number) => format.number(value) };
}
