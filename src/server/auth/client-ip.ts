import "server-only";
import { headers } from "next/headers";
import { env } from "@/server/env";
import { peerAddress } from "@/server/http/peer-address";
import { logger } from "@/server/log";
import { clientAddress, parseTrustedProxies, type TrustedProxies, UNIDENTIFIED_CLIENT } from "./client-address";

let trusted: TrustedProxies | undefined;
function trustedProxies() {
  trusted ??= parseTrustedProxies(env().TRUSTED_PROXIES);
  return trusted;
}

let warned = false;

/**
 * Who is asking, for the sign-in limit and the session record: the socket
 * peer, or the client the trusted proxies report (see clientAddress), and
 * the browser's User-Agent (shown, never trusted).
 */
export async function clientInfo(): Promise<{ ip: string; userAgent: string | null }> {
  const requestHeaders = await headers();
  const ip = clientAddress(peerAddress(requestHeaders), requestHeaders.get("x-forwarded-for"), trustedProxies());
  if (ip === UNIDENTIFIED_CLIENT && !warned) {
    warned = true;
    logger.warn(
      "A request's socket address is unknown (the peer-address hook of src/instrumentation.ts did not see it): such requests share one per-address sign-in limit",
    );
  }
  return { ip, userAgent: requestHeaders.get("user-agent")?.slice(0, 512) ?? null };
}

/** The caller's address (for rate limits). */
export async function clientIp(): Promise<string> {
  return (await clientInfo()).ip;
}
