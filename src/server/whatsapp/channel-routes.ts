import "server-only";
import { asService } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { processCache } from "@/server/process-state";

/** A channel as routing sees it, secret included (service role only). */
export type ChannelSecret = Pick<Row<"whatsapp_channels">, "id" | "workspace_id" | "phone_number_id" | "waba_id" | "webhook_secret">;

export interface Routing {
  routed: ChannelSecret[];
  /** Some number or WABA the body names is not ours (or the body names none). */
  unroutable: boolean;
  /** Answered from memory, not read from the database just now. */
  cached: boolean;
}

/**
 * A successful routing is reused for a few seconds (the `channelRoutes`
 * cache of process-state.ts). Every webhook of a busy number otherwise
 * reads the same channel row again; a few seconds keep that read off the
 * ack path while a change (a channel disconnected) still takes effect
 * almost at once. A signature that does not verify against a cached secret
 * is checked again against the database before it is refused, so a rotated
 * secret is never a reason to refuse a genuine webhook.
 */
const cache = processCache<string, ChannelSecret[]>("channelRoutes");

export interface RouteTarget {
  /** The provider's name and how its webhooks are routed (its adapter's `routing`). */
  provider: string;
  routing: "ids" | "path-token";
  pathToken?: string;
  phoneNumberIds: string[];
  wabaIds: string[];
}

export async function routeWebhook(target: RouteTarget, options: { fresh?: boolean } = {}): Promise<Routing> {
  const key =
    target.routing === "path-token"
      ? `${target.provider}:${target.pathToken ?? ""}`
      : `ids:${[...target.phoneNumberIds].sort().join(",")}|${[...target.wabaIds].sort().join(",")}`;
  const hit = options.fresh ? undefined : cache.get(key);
  if (hit) return { routed: hit, unroutable: false, cached: true };

  const routing = await lookUp(target);
  // Only complete answers are kept: an unknown number must be found the moment its channel is added.
  if (routing.routed.length > 0 && !routing.unroutable) {
    cache.set(key, routing.routed);
  } else {
    cache.delete(key);
  }
  return routing;
}

async function lookUp(target: RouteTarget): Promise<Routing> {
  return asService(async (tx) => {
    if (target.routing === "path-token") {
      // The token names a channel of this provider only: another provider's token (Meta's verify token) routes nowhere here.
      const channels = await tx<ChannelSecret[]>`
        select id, workspace_id, phone_number_id, waba_id, webhook_secret from public.whatsapp_channels
        where webhook_token = ${target.pathToken ?? ""} and provider = ${target.provider} and status <> 'disconnected'`;
      return { routed: channels, unroutable: false, cached: false };
    }
    const { phoneNumberIds, wabaIds } = target;
    const channels = await tx<ChannelSecret[]>`
      select id, workspace_id, phone_number_id, waba_id, webhook_secret from public.whatsapp_channels
      where (phone_number_id = any(${phoneNumberIds}) or waba_id = any(${wabaIds})) and status <> 'disconnected'`;
    const known = new Set(channels.flatMap((c) => [c.phone_number_id, c.waba_id]));
    const unroutable =
      phoneNumberIds.some((id) => !known.has(id)) ||
      wabaIds.some((id) => !known.has(id)) ||
      (phoneNumberIds.length === 0 && wabaIds.length === 0);
    return { routed: channels, unroutable, cached: false };
  });
}

/** A provider's subscription handshake for a number on the business's own app: the channel's token is its verify token. */
export async function isVerifyToken(provider: string, token: string): Promise<boolean> {
  const rows = await asService(
    (tx) => tx`
      select 1 from public.whatsapp_channels
      where webhook_token = ${token} and provider = ${provider} and status <> 'disconnected'`,
  );
  return rows.length > 0;
}

/**
 * Meta's subscription handshake (GET hub.mode=subscribe&hub.verify_token&hub.challenge), as the
 * providers that answer it do: the challenge to echo when the token is `appToken` (an install-wide
 * setting) or a connected number's of `provider`, else null.
 */
export async function hubChallenge(params: URLSearchParams, provider: string, appToken: string | undefined): Promise<string | null> {
  const token = params.get("hub.verify_token");
  if (params.get("hub.mode") !== "subscribe" || !token) return null;
  return (appToken && token === appToken) || (await isVerifyToken(provider, token)) ? (params.get("hub.challenge") ?? "") : null;
}
