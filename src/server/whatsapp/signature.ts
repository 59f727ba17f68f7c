import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * HMAC-SHA256 of the raw request bytes, exactly as received (re-serialised
 * JSON would break on emoji and accents), compared in constant time. Accepts
 * the hex digest with or without a `sha256=` prefix.
 */
export function verifyHmacSha256(rawBody: Uint8Array, secret: string, signatureHeader: string | null): boolean {
  if (!signatureHeader) return false;
  const given = signatureHeader.trim().replace(/^sha256=/i, "");
  if (!/^[0-9a-f]{64}$/i.test(given)) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}

export function signHmacSha256(rawBody: Uint8Array | string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("hex");
}
