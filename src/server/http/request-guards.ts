/**
 * Refusals the proxy makes before a request reaches a page or a Server
 * Action. Pure functions of the method and headers, so they are unit tested
 * without a server.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** What a Server Action may carry from someone without a session (sign-in, password reset, invitation forms). */
export const PUBLIC_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * A state-changing request sent by a page on another site. Next.js refuses
 * such Server Actions too (the Origin's host against x-forwarded-host or
 * host), but answers 500; this answers 403 first, with the same rule. A
 * request without Origin is not a browser's cross-site request and is left
 * to Next.js, as it does.
 */
export function isCrossSiteWrite(method: string, headers: Headers): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const origin = headers.get("origin");
  if (origin === null) return false;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!URL.canParse(origin) || !host) return true;
  return new URL(origin).host !== host.toLowerCase();
}

/**
 * Why a body is refused before it is read, or null. Attachments need Next's
 * large Server Action limit (next.config.ts), but only members with a session
 * send them; anyone else gets the small limit, declared up front (browsers
 * always send Content-Length for a Server Action).
 */
export function bodyRefusal(method: string, headers: Headers, signedIn: boolean): 411 | 413 | null {
  if (SAFE_METHODS.has(method.toUpperCase()) || signedIn) return null;
  const declared = headers.get("content-length");
  if (declared === null) return headers.has("transfer-encoding") ? 411 : null;
  return Number(declared) > PUBLIC_BODY_LIMIT_BYTES ? 413 : null;
}
