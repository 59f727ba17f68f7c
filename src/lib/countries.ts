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

export interface CountryOption {
  code: string;
  name: string;
}

/**
 * Computed on the server and passed to client components as data: country
 * names from Intl differ between Node's and the browser's ICU, and a
 * hydration mismatch would re-render the form and lose what was typed.
 */
export function countryOptions(locale = "en"): CountryOption[] {
  return PHONE_COUNTRIES.map((code) => ({ code, name: countryName(code, locale) })).sort((a, b) => a.name.localeCompare(b.name, locale));
}
