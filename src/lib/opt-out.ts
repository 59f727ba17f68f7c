import type { Locale } from "@/lib/locales";

/**
 * Stop words: a customer whose whole message is one of them (any case, with
 * or without accents, surrounding punctuation ignored) is opted out of
 * broadcasts. Defaults per language; a workspace gets them all, since its
 * customers write in more than one (docs/outreach.md). CANCELAR is shared
 * by Spanish and Portuguese; PARAR is Portuguese (and Spanish for "stop",
 * but Spanish speakers write BAJA to unsubscribe).
 */
export const OPT_OUT_DEFAULTS = {
  en: ["STOP", "UNSUBSCRIBE"],
  id: ["BERHENTI", "STOP"],
  es: ["BAJA", "CANCELAR"],
  pt: ["PARAR", "SAIR", "CANCELAR"],
} as const;

export const DEFAULT_OPT_OUT_KEYWORDS: string[] = [...new Set(Object.values(OPT_OUT_DEFAULTS).flat())];

/**
 * The words customers of a market write, by the workspace's language: a
 * workspace that keeps the defaults recognises its language's words too
 * (ALTO in Spanish, which is no stop word elsewhere). A list an admin
 * changed is exactly theirs.
 */
export const LANGUAGE_OPT_OUT_WORDS: Record<Locale, readonly string[]> = {
  en: OPT_OUT_DEFAULTS.en,
  id: OPT_OUT_DEFAULTS.id,
  es: [...OPT_OUT_DEFAULTS.es, "ALTO", "STOP"],
  "pt-BR": [...OPT_OUT_DEFAULTS.pt, "STOP"],
};

/** The label of Meta's marketing opt-out quick-reply button, normalised: a tap on it always opts out. */
export const MARKETING_OPT_OUT_BUTTON = "STOP PROMOTIONS";

export const MAX_OPT_OUT_KEYWORDS = 50;
/** Longer text is a sentence, not a stop word. */
export const MAX_KEYWORD_LENGTH = 40;

/**
 * How a stop word and a message are compared: upper case, accents removed
 * ("Pará" = "PARA"), anything but letters and digits turned into single
 * spaces and trimmed ("stop!" = "STOP", "stop_promotions" = "STOP PROMOTIONS").
 */
export function normalizeKeyword(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A workspace's list as typed by an admin: normalised, without blanks or repeats. */
export function normalizeKeywords(keywords: string[]): string[] {
  return [...new Set(keywords.map(normalizeKeyword).filter(Boolean))];
}
