import "server-only";
import { createTranslator, type Messages } from "next-intl";
import type { Locale } from "@/lib/locales";
import { loadMessages } from "./messages";

/** The whole catalogue of one language, read with full keys; for code that runs without next-intl's request scope too. */
export async function translatorFor(locale: Locale) {
  return createTranslator({ locale, messages: (await loadMessages(locale)) as Messages });
}
