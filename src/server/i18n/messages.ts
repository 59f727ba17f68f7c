import "server-only";
import type { Locale } from "@/lib/locales";

/** Each catalogue is its own chunk: a request loads only its language. */
const CATALOGUES: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import("../../../messages/en.json"),
  id: () => import("../../../messages/id.json"),
  es: () => import("../../../messages/es.json"),
  "pt-BR": () => import("../../../messages/pt-BR.json"),
};

export async function loadMessages(locale: Locale) {
  return (await CATALOGUES[locale]()).default;
}
