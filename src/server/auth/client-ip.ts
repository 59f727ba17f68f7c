import "server-only";
import { headers } from "next/headers";
import { env } from "@/server/env";
import { clientAddress, parseTrustedProxies, type TrustedProxies } from "./client-address";

let trusted: TrustedProxies | undefined;
function trustedProxies() {
  trusted ??= parseTrustedProxies(env().TRUSTED_PROXIES);
  return trusted;
}

/**
 * Who is asking, for the sign-in limit and the session record: the address
 * the trusted proxies report (see clientAddress), and the browser's
 * User-Agent (shown, never trusted).
 */
export async function clientInfo(): Promise<{ ip: string; userAgent: string | null }> {
  const requestHeaders = await headers();
  return {
    ip: clientAddress(requestHeaders.get("x-forwarded-for"), trustedProxies()),
    userAgent: requestHeaders.get("user-agent")?.slice(0, 512) ?? null,
  };
}

/** The caller's address as trusted proxies report it (for rate limits). */
export async function clientIp(): Promise<string> {
  return (await clientInfo()).ip;
}
