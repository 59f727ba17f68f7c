import { NextIntlClientProvider } from "next-intl";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { LOCALES, type Locale } from "@/lib/locales";
import { loadMessages } from "@/server/i18n/messages";
import type en from "../../messages/en";

/** Every language's catalogue, as the app loads it (each has English's keys: tests/i18n/catalogues.test.ts). */
export const CATALOGUES = Object.fromEntries(
  await Promise.all(LOCALES.map(async (locale) => [locale, await loadMessages(locale)] as const)),
) as Record<Locale, typeof en>;

/** A component as the app renders it: inside next-intl's provider, in English on UTC unless told otherwise. */
export function withIntl(element: ReactElement, { locale = "en", timeZone = "UTC" }: { locale?: Locale; timeZone?: string } = {}) {
  return createElement(NextIntlClientProvider, { locale, messages: CATALOGUES[locale], timeZone, children: element });
}

/** A component's markup as a page in `locale` renders it (the catalogue, the workspace's time zone). */
export function renderInLocale(element: ReactElement, locale: Locale = "en", timeZone = "UTC"): string {
  return renderToStaticMarkup(withIntl(element, { locale, timeZone }));
}
