import type { Locale } from "@/lib/locales";

export type Catalogue = Record<string, unknown>;

const loaded = new Map<Locale, Promise<Catalogue>>();

/**
 * A language's catalogue, read area by area from messages/<locale>/<area>.json
 * (English's areas name them: messages/en/index.ts lists them, once). Each file
 * is its own chunk, so a server or a browser tab loads only its language, once.
 */
export function loadCatalogue(locale: Locale, areas: readonly string[]): Promise<Catalogue> {
  let catalogue = loaded.get(locale);
  if (!catalogue) {
    catalogue = Promise.all(
      areas.map(async (area) => [area, (await import(`../../messages/${locale}/${area}.json`)).default] as const),
    ).then(Object.fromEntries);
    loaded.set(locale, catalogue);
  }
  return catalogue;
}
