import { NextIntlClientProvider } from "next-intl";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { Locale } from "@/lib/locales";
import en from "../../messages/en";
import es from "../../messages/es";
import id from "../../messages/id";
import ptBR from "../../messages/pt-BR";

const MESSAGES = { en, id, es, "pt-BR": ptBR } as const;

/** A component's markup as a page in `locale` renders it (the catalogue, the workspace's time zone). */
export function renderInLocale(element: ReactElement, locale: Locale = "en", timeZone = "UTC"): string {
  return renderToStaticMarkup(createElement(NextIntlClientProvider, { locale, messages: MESSAGES[locale], timeZone, children: element }));
}
