import "server-only";
import { type Catalogue, loadCatalogue } from "@/lib/catalogue";
import type { Locale } from "@/lib/locales";
import english from "../../../messages/en";

/** The catalogue's areas, as English lists them (messages/en/index.ts); every language has the same files. */
export const CATALOGUE_AREAS: readonly string[] = Object.keys(english);

/** A language's catalogue for the server; English is already loaded. */
export function loadMessages(locale: Locale): Promise<Catalogue> {
  return locale === "en" ? Promise.resolve(english) : loadCatalogue(locale, CATALOGUE_AREAS);
}
