import "server-only";
import { env } from "@/server/env";
import type { Provider } from "../events";

const appUrl = () => env().APP_URL.replace(/\/$/, "");

/** Where a provider posts a number's webhooks (360dialog's path carries the channel's unguessable token). */
export function webhookUrl(provider: Provider, webhookToken: string | null): string {
  if (provider === "360dialog") return `${appUrl()}/api/webhooks/360dialog/${webhookToken ?? ""}`;
  return `${appUrl()}/api/webhooks/${provider}`;
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
