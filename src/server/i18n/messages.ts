import "server-only";
import type { Locale } from "@/lib/locales";

/** Each catalogue is its own chunk: a request loads only its language. */
const CATALOGUES: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import("../../../messages/en"),
  id: () => import("../../../messages/id"),
  es: () => import("../../../messages/es"),
  "pt-BR": () => import("../../../messages/pt-BR"),
};

export async function loadMessages(locale: Locale) {
  return (await CATALOGUES[locale]()).default;
}
