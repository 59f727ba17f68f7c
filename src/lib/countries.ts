import { getCountries } from "libphonenumber-js/min";

/** Countries a workspace may choose as its default for reading local phone numbers. */
export const PHONE_COUNTRIES: readonly string[] = getCountries();

export function countryName(code: string, locale = "en"): string {
  try {
    return new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}
