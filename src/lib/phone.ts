import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";

export type { CountryCode };

/**
 * One person, one canonical E.164 number, whichever way the number was
 * written or which form WhatsApp's wa_id uses. Used by webhook ingestion,
 * manual contacts, imports and the API alike.
 */

const E164 = /^\+[1-9]\d{6,14}$/;

/** Mexico: wa_ids of mobiles often carry the old "1" after 52 (521 55…); the dialled number is +52 + 10 digits. */
function withoutMexicanMobileOne(digits: string): string {
  return /^521\d{10}$/.test(digits) ? `52${digits.slice(3)}` : digits;
}

/**
 * Brazil: mobiles gained a ninth digit; old wa_ids still lack it (55 11 8765-4321).
 * An 8-digit subscriber number starting 6–9 is a mobile and gets the 9;
 * landlines (2–5) keep their 8 digits.
 */
function withBrazilianNinthDigit(digits: string): string {
  return /^55\d{2}[6-9]\d{7}$/.test(digits) ? `${digits.slice(0, 4)}9${digits.slice(4)}` : digits;
}

/**
 * Argentina: WhatsApp numbers are mobiles, which in E.164 carry a 9 after
 * 54 (+54 9 11 …). People write them without it (+54 11 …), which also
 * reads as a valid landline, so the 9 form wins whenever it is a valid mobile.
 */
function withArgentineMobileNine(digits: string): string {
  if (!/^54[1-8]\d{9}$/.test(digits)) return digits;
  const mobile = parsePhoneNumberFromString(`+549${digits.slice(2)}`);
  return mobile?.isValid() && mobile.getType() === "MOBILE" ? `549${digits.slice(2)}` : digits;
}

function applyWhatsAppQuirks(e164: string): string {
  const digits = withArgentineMobileNine(withBrazilianNinthDigit(withoutMexicanMobileOne(e164.slice(1))));
  return `+${digits}`;
}

function parse(text: string, defaultCountry: CountryCode | undefined, strict: boolean): string | null {
  let parsed = parsePhoneNumberFromString(text, defaultCountry);
  // libphonenumber may drop a trunk "0" after the country code, and the quirks
  // may add or remove a digit: settle on the form that maps to itself.
  for (let round = 0; parsed && round < 3; round++) {
    const canonical = applyWhatsAppQuirks(parsed.number);
    const again = parsePhoneNumberFromString(canonical);
    if (again?.number === canonical) {
      const acceptable = strict ? again.isValid() : again.isPossible();
      return acceptable && E164.test(canonical) ? canonical : null;
    }
    parsed = again;
  }
  return null;
}

/**
 * Any written form → E.164, or null when it is not a plausible phone number.
 * "0813-1234-5678" (ID), "62813…", "+62 (0) 813…", "00 62 813…" are one number.
 */
export function canonicalizePhone(input: string, defaultCountry?: CountryCode): string | null {
  if (typeof input !== "string" || input.length > 40 || /[a-z]/i.test(input)) return null;
  const text = input.trim().replace(/^00/, "+");
  const digits = text.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 16) return null;
  if (text.startsWith("+")) return parse(`+${digits}`, undefined, true);
  // A local number for the default country, or an international one written without "+".
  return parse(text, defaultCountry, true) ?? parse(`+${digits}`, undefined, true);
}

/**
 * WhatsApp's wa_id (international digits, no "+") → E.164. WhatsApp only
 * gives ids of real accounts, so its digits are trusted even where
 * libphonenumber's metadata does not know the numbering plan: then they are
 * kept as they are rather than losing the person's number.
 */
export function canonicalizeWaId(waId: string): string | null {
  if (typeof waId !== "string") return null;
  const digits = waId.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15 || digits !== waId.trim().replace(/^\+/, "")) return null;
  const parsed = parse(`+${digits}`, undefined, false);
  if (parsed) return parsed;
  const asGiven = `+${digits}`;
  return E164.test(asGiven) ? asGiven : null;
}

export function phoneCountry(e164: string): CountryCode | undefined {
  return parsePhoneNumberFromString(e164)?.country;
}
