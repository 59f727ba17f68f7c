import { NextIntlClientProvider } from "next-intl";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { Locale } from "@/lib/locales";
import en from "../../messages/en";
import es from "../../messages/es";
import id from "../../messages/id";
import ptBR from "../../messages/pt-BR";

const MESSAGES = { en, id, es, "pt-BR": ptBR };

/** A component as the app renders it: inside next-intl's provider, in English on UTC unless told otherwise. */
export function withIntl(element: ReactElement, { locale = "en", timeZone = "UTC" }: { locale?: Locale; timeZone?: string } = {}) {
  return createElement(NextIntlClientProvider, { locale, messages: MESSAGES[locale], timeZone, children: element });
}

/** A component's markup as a page in `locale` renders it (the catalogue, the workspace's time zone). */
export function renderInLocale(element: ReactElement, locale: Locale = "en", timeZone = "UTC"): string {
  return renderToStaticMarkup(withIntl(element, { locale, timeZone }));
}
