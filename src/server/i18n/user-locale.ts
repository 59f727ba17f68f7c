import "server-only";
import { cache } from "react";
import { isLocale, type Locale } from "@/lib/locales";
import { asService } from "@/server/db/client";

/**
 * The language a user chose in their profile, kept in their user metadata
 * (`locale`) beside `full_name` in both auth modes. Read once per request;
 * null until they choose.
 */
export const getChosenLocale = cache(async (userId: string): Promise<Locale | null> => {
  const [row] = await asService(
    (tx) => tx<{ locale: string | null }[]>`select raw_user_meta_data ->> 'locale' as locale from auth.users where id = ${userId}`,
  );
  return isLocale(row?.locale) ? row.locale : null;
});
