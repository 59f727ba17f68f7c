import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { ChannelSecret } from "./channel-routes";
import type { Verdict } from "./providers/adapter";

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

/**
 * The verdict for providers that sign each body with the channel's secret
 * (or, for Meta, with our app's secret, `appSecret`): the routed channels
 * whose secret signed it.
 */
export function verifyChannelSignature(
  rawBody: Uint8Array,
  signature: string | null,
  routed: ChannelSecret[],
  unroutable: boolean,
  appSecret?: string,
): Verdict {
  if (!signature) return { ok: false, reason: "Missing signature", channel: routed[0] };
  const signedByApp = appSecret !== undefined && verifyHmacSha256(rawBody, appSecret, signature);
  const channels = routed.filter((c) => signedByApp || verifyHmacSha256(rawBody, c.webhook_secret, signature));
  if (channels.length > 0 || (unroutable && routed.length === 0 && signedByApp)) return { ok: true, channels };
  // A number we do not know, signed in a way we cannot check: accepted (2xx) so the
  // provider stops retrying, but only a bounded record of it is kept (webhook-log.ts).
  if (routed.length === 0 && unroutable && appSecret === undefined) return { ok: true, channels: [], unverified: true };
  return { ok: false, reason: "Invalid signature", channel: routed[0] };
}
