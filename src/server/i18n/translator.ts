import "server-only";
import type { Messages } from "next-intl";
// The core, without React: the worker (react-server conditions) renders errors too.
import { createTranslator } from "use-intl/core";
import type { Locale } from "@/lib/locales";
import { loadMessages } from "./messages";

/** The whole catalogue of one language, read with full keys; for code that runs without next-intl's request scope too. */
export async function translatorFor(locale: Locale) {
  return createTranslator({ locale, messages: (await loadMessages(locale)) as Messages });
}
