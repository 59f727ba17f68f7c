import "server-only";
import { env } from "@/server/env";

const appUrl = () => env().APP_URL.replace(/\/$/, "");

/** Our webhook route for a provider (src/app/api/webhooks/[provider]), with the channel's token when it routes by path. */
export function webhookEndpoint(provider: string, pathToken?: string | null): string {
  return pathToken === undefined ? `${appUrl()}/api/webhooks/${provider}` : `${appUrl()}/api/webhooks/${provider}/${pathToken ?? ""}`;
}

/** Where Kapso's hosted setup page sends the admin's browser back to. */
export function kapsoCallbackUrl(outcome: "success" | "failed", state: string): string {
  return `${appUrl()}/api/webhooks/kapso/${outcome}?state=${encodeURIComponent(state)}`;
}

/**
 * A redirect back into the app with a relative Location: the browser stays
 * on the host it came in on (and keeps its session cookie), whatever host
 * name the server itself sees behind a proxy.
 */
export const seeOther = (path: string) => new Response(null, { status: 303, headers: { location: path } });
