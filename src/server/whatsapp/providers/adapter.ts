import "server-only";
import type { ChannelSecret } from "../channel-routes";
import type { NormalizedWebhook } from "../events";
import type { ChannelAddress, ChannelCredentials, ProviderClient } from "./client";

/**
 * One WhatsApp provider, whole (DESIGN 9): how its webhooks are told apart,
 * proven and read, how its API sends for a channel, and how a number is
 * pointed at us. meta.ts, dialog360.ts and kapso.ts implement it; index.ts
 * is the one place that maps a provider's name to its adapter. Everything
 * else (receive.ts, channel-routes.ts, the webhook routes, processing,
 * delivery, media, the numbers page) asks the adapter and never branches
 * on the provider's name.
 */
export interface ProviderAdapter {
  /**
   * How a webhook finds its channel. `ids`: by the phone number ids (and
   * WABA ids) its body names, posted to /api/webhooks/<provider>.
   * `path-token`: by the channel's unguessable token in its URL,
   * /api/webhooks/<provider>/<token> (360dialog: its bodies may name no number).
   */
  readonly routing: "ids" | "path-token";

  /** Request headers worth keeping with the raw body (its signature, event name, idempotency key), lower case. */
  readonly webhookHeaders: readonly string[];

  /**
   * The body as the events of events.ts. `event` is the webhook's event
   * name header (x-webhook-event), when the provider sends one. May throw on
   * a shape nobody foresaw: normalizeWebhook (normalize/index.ts) keeps the
   * raw event and reports it.
   */
  normalize(body: unknown, headers: { event: string | null }): NormalizedWebhook;

  /**
   * Which of the channels the body routed to this request proves it may
   * write to (signature over the raw bytes, secret or path token), or why it
   * is refused. `unroutable`: the body also names a number or WABA that is
   * not ours (or none at all).
   */
  verify(webhook: SignedWebhook, routed: ChannelSecret[], unroutable: boolean): Verdict;

  /**
   * A subscription handshake by GET (Meta's hub.challenge): the text to echo,
   * or null to refuse. Absent when the provider has none.
   */
  handshake?(params: URLSearchParams): Promise<string | null>;

  /** Where the provider must post a channel's webhooks. */
  webhookUrl(webhookToken: string | null): string;

  /** What the admin pastes into the provider's dashboard as verify token, when it asks for one; else null. */
  verifyToken(webhookToken: string | null): string | null;

  /**
   * Points the number's webhooks at `url`, when the provider lets us (the
   * numbers page shows webhookUrl and verifyToken for the admin to paste
   * otherwise: Meta). Returns the secret the provider will sign with, when
   * it is ours to choose, and the provider's id of the webhook.
   */
  registerWebhook?(target: WebhookTarget): Promise<WebhookRegistration>;

  /** Sending, read receipts and media for one channel. */
  client(channel: ChannelAddress): ProviderClient;
}

/** A webhook request as received: the exact bytes, the headers, and the token in its URL (path-token routing). */
export interface SignedWebhook {
  rawBody: Uint8Array;
  headers: Headers;
  pathToken?: string;
}

/** The channels a webhook may write to, or why it is refused (and the channel it claimed, for the log). */
/** `unverified`: accepted (2xx) but not vouched for by any secret, so only a bounded record is kept. */
export type Verdict = { ok: true; channels: ChannelSecret[]; unverified?: true } | { ok: false; reason: string; channel?: ChannelSecret };

export interface WebhookTarget {
  phoneNumberId: string;
  credentials: ChannelCredentials;
  url: string;
}

export interface WebhookRegistration {
  /** The secret the provider signs this number's webhooks with, when we chose it. */
  secret: string | null;
  providerWebhookId: string | null;
}
