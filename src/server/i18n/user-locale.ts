import "server-only";
import { cache } from "react";
import { isLocale, type Locale } from "@/lib/locales";
import { readUserSetting, writeUserSetting } from "@/server/profile/user-metadata";

/** The language a user chose in their profile (`locale` in their user metadata). Read once per request; null until they choose. */
export const getChosenLocale = cache(async (userId: string): Promise<Locale | null> => {
  const locale = await readUserSetting(userId, "locale");
  return isLocale(locale) ? locale : null;
});

/** Saves the user's choice; null follows the browser again. */
export async function setChosenLocale(userId: string, locale: Locale | null) {
  await writeUserSetting(userId, "locale", locale);
}
