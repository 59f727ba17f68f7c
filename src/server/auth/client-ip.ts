import "server-only";
import { headers } from "next/headers";

/** The caller's address as the reverse proxy reports it (for rate limits), or null. */
export async function clientIp(): Promise<string | null> {
  const requestHeaders = await headers();
  return requestHeaders.get("x-forwarded-for")?.split(",")[0]?.trim() || requestHeaders.get("x-real-ip");
}
