import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";

/** The languages the app speaks; English is the catalogue every other one is checked against. */
export const LOCALES = ["en", "id", "es", "pt-BR"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language in its own words, for pickers: a reader finds theirs whatever the page's language is. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  id: "Bahasa Indonesia",
  es: "Español",
  "pt-BR": "Português (Brasil)",
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The language a person reads the app in: the one they chose in their
 * profile; else the best match in their browser's Accept-Language
 * (Portuguese from Portugal reads the Brazilian catalogue, `in` is the old
 * code for Indonesian); else their workspace's default; else English.
 */
export function negotiateLocale(input: {
  chosen?: string | null;
  acceptLanguage?: string | null;
  workspaceDefault?: string | null;
}): Locale {
  if (isLocale(input.chosen)) return input.chosen;
  const fallback = isLocale(input.workspaceDefault) ? input.workspaceDefault : DEFAULT_LOCALE;
  const requested = input.acceptLanguage
    ? new Negotiator({ headers: { "accept-language": input.acceptLanguage } }).languages().filter((tag) => tag !== "*")
    : [];
  if (requested.length === 0) return fallback;
  try {
    const best = match(requested, LOCALES, fallback);
    return isLocale(best) ? best : fallback;
  } catch {
    // A malformed tag (RangeError from Intl) is the browser's mistake, not a reason to fail the page.
    return fallback;
  }
}
