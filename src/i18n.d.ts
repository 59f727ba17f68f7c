import type { Locale } from "@/lib/locales";
import type messages from "../messages/en";

// Message keys and locales are checked at compile time: a key missing from
// the English catalogue, or a misspelt one, is a type error.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof messages;
  }
}
