import "server-only";
import type { Locale } from "@/lib/locales";
import english from "../../../messages/en";

type Catalogue = Record<string, unknown>;
const loaded = new Map<Locale, Promise<Catalogue>>();

/**
 * A language's catalogue: English's areas (messages/en/index.ts lists them,
 * once), each read from the language's own folder. Each file is its own
 * chunk, so a request loads only its language.
 */
export function loadMessages(locale: Locale): Promise<Catalogue> {
  if (locale === "en") return Promise.resolve(english);
  let catalogue = loaded.get(locale);
  if (!catalogue) {
    catalogue = Promise.all(
      Object.keys(english).map(async (area) => [area, (await import(`../../../messages/${locale}/${area}.json`)).default] as const),
    ).then(Object.fromEntries);
    loaded.set(locale, catalogue);
  }
  return catalogue;
}
