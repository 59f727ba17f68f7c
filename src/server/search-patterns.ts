import "server-only";
import { type CountryCode, canonicalizePhone } from "@/lib/phone";

export function escapeLike(text: string) {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

/**
 * ILIKE patterns for a search box: the text as typed, and a phone pattern
 * that finds a number however it was written ("0813…" is +62813… with the
 * workspace's country; a partial local number matches without its trunk 0).
 */
export function searchPatterns(search: string, country: CountryCode | undefined): { text: string; phone: string } {
  const digits = search.replace(/\D/g, "");
  const canonical = digits.length >= 6 ? canonicalizePhone(search, country) : null;
  return {
    text: escapeLike(search),
    phone: escapeLike(canonical ?? (digits.length >= 3 ? digits.replace(/^0+/, "") : search)),
  };
}
