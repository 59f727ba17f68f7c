"use client";

import { NextIntlClientProvider } from "next-intl";
import { type ReactNode, use } from "react";
import { loadCatalogue } from "@/lib/catalogue";
import type { Locale } from "@/lib/locales";

/**
 * The catalogue for client components, loaded as static chunks (cached by the
 * browser) rather than sent inside every page: as a prop of the server's
 * provider it was 100 kB of each page's RSC payload, serialised and escaped on
 * every render (about a fifth of an inbox page's server CPU, docs/benchmarks.md).
 * The first render waits for the chunks once per tab (and once per server process).
 */
export function ClientIntl({
  locale,
  timeZone,
  areas,
  children,
}: {
  locale: Locale;
  timeZone: string;
  areas: readonly string[];
  children: ReactNode;
}) {
  const messages = use(loadCatalogue(locale, areas));
  return (
    <NextIntlClientProvider locale={locale} timeZone={timeZone} messages={messages}>
      {children}
    </NextIntlClientProvider>
  );
}
