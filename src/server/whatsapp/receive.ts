import "server-only";
import { env } from "@/server/env";
import { logger } from "@/server/log";
import { type ChannelSecret, routeWebhook } from "./channel-routes";
import { parseStorableJson, type RawEventRow, storeRawEvents } from "./event-store";
import type { Provider } from "./events";
import { normalizeWebhook } from "./normalize";
import type { ReadEvent } from "./processing/process-event";
import { verifyHmacSha256 } from "./signature";
import { recordUnverifiedWebhook, type UnverifiedWebhook } from "./webhook-log";

export interface IncomingWebhook {
  provider: Provider;
  /** The bytes as received; null when the body was over WEBHOOK_MAX_BYTES. */
  rawBody: Uint8Array | null;
  headers: Headers;
  /** 360dialog: the per-channel token in the URL path. */
  pathToken?: string;
}

export interface WebhookResponse {
  status: number;
  body: { ok: true; events: number } | { error: string };
  /** Stored events to process after the response. */
  storedEventIds: number[];
  /** The same events with the body already read, for inline processing (empty when it must be read back from the rows). */
  stored: ReadEvent[];
}

/** Headers worth keeping with the raw body (for replay and for the admin log). */
const KEPT_HEADERS = [
  "content-type",
  "user-agent",
  "x-webhook-event",
  "x-webhook-batch",
  "x-webhook-signature",
  "x-idempotency-key",
  "x-hub-signature-256",
  "x-360dialog-signature",
];
/** Kept header values are cut to this; processing reads x-webhook-event from the kept headers. */
const HEADER_VALUE_LIMIT = 500;
const utf8 = new TextDecoder();

function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value.slice(0, HEADER_VALUE_LIMIT);
  }
  return kept;
}

const reply = (status: number, error: string): WebhookResponse => ({ status, body: { error }, storedEventIds: [], stored: [] });

/**
 * Verify, store raw, answer. The raw body is written to webhook_events in
 * one INSERT before any 2xx; processing happens afterwards (see
 * processing/process-event.ts). If that INSERT fails the provider gets a 503
 * and retries, so nothing is lost. Concurrent requests share their INSERT
 * and commit (event-store.ts), and the channel lookup is briefly cached
 * (channel-routes.ts), so an ack costs about one round trip to Postgres.
 */
export async function receiveWebhook(input: IncomingWebhook): Promise<WebhookResponse> {
  const { provider, rawBody, headers } = input;
  if (rawBody === null) {
    console.warn(`[webhook:${provider}] refused: body over ${env().WEBHOOK_MAX_BYTES} bytes`);
    return reply(413, "Body too large");
  }
  const body = { ...input, rawBody };
  const text = utf8.decode(rawBody);

  let payload: unknown;
  try {
    payload = parseStorableJson(text);
  } catch {
    console.warn(`[webhook:${provider}] refused: malformed JSON`);
    await logUnverified(body, { outcome: "malformed", reason: "Malformed JSON", channel: null });
    return reply(400, "Malformed JSON");
  }

  const eventHeader = headers.get("x-webhook-event");
  const normalized = normalizeWebhook(provider, payload, { event: eventHeader });

  const target = { pathToken: input.pathToken, phoneNumberIds: normalized.phoneNumberIds, wabaIds: wabaIdsOf(normalized.events) };
  let verdict: Verdict;
  let unroutable: boolean;
  try {
    let routing = await routeWebhook(provider, target);
    verdict = authenticate(body, routing.routed, routing.unroutable);
    // A remembered channel may be out of date (secret rotated): ask the database before refusing.
    if (!verdict.ok && routing.cached) {
      routing = await routeWebhook(provider, target, { fresh: true });
      verdict = authenticate(body, routing.routed, routing.unroutable);
    }
    unroutable = routing.unroutable;
  } catch (error) {
    console.error(`[webhook:${provider}] routing failed`, error);
    return reply(503, "Temporarily unavailable");
  }

  if (!verdict.ok) {
    console.warn(`[webhook:${provider}] refused: ${verdict.reason}`);
    const ids = { phoneNumberIds: target.phoneNumberIds, wabaIds: target.wabaIds };
    await logUnverified(body, { outcome: "invalid_signature", reason: verdict.reason, channel: verdict.channel ?? null, ...ids });
    return reply(401, verdict.reason);
  }
  if (verdict.unverified) {
    // 2xx so a genuine provider stops retrying, but a body nobody vouches for is not kept.
    const ids = { phoneNumberIds: target.phoneNumberIds, wabaIds: target.wabaIds };
    await logUnverified(body, { outcome: "unroutable", reason: "Unknown number; signature not verifiable", channel: null, ...ids });
    return { status: 200, body: { ok: true, events: normalized.events.length }, storedEventIds: [], stored: [] };
  }

  try {
    const channels = verdict.channels;
    const ids = await store(body, payload, channels, unroutable && channels.length === 0);
    // Processing would read the same body back from the row; it is handed over as read here
    // (unless the event header was truncated in the row, and processing would see another value).
    const handOver = (eventHeader?.length ?? 0) <= HEADER_VALUE_LIMIT;
    const stored = handOver ? ids.map((id) => ({ id, events: normalized.events })) : [];
    return { status: 200, body: { ok: true, events: normalized.events.length }, storedEventIds: ids, stored };
  } catch (error) {
    console.error(`[webhook:${provider}] could not store the event; answering 503 so the provider retries`, error);
    return reply(503, "Temporarily unavailable");
  }
}

function wabaIdsOf(events: ReturnType<typeof normalizeWebhook>["events"]): string[] {
  return [...new Set(events.flatMap((e) => (e.kind === "template_status" && e.wabaId ? [e.wabaId] : [])))];
}

type VerifiedInput = IncomingWebhook & { rawBody: Uint8Array };

type Verdict = { ok: true; channels: ChannelSecret[]; unverified?: true } | { ok: false; reason: string; channel?: ChannelSecret };

/** Which routed channels this request proves it may write to. */
function authenticate(input: VerifiedInput, routed: ChannelSecret[], unroutable: boolean): Verdict {
  const { provider, rawBody, headers } = input;
  if (provider === "360dialog") {
    const channel = routed[0];
    if (!channel) return { ok: false, reason: "Unknown webhook token" };
    // 360dialog does not forward Meta's signature; the unguessable path token
    // authenticates, and a partner signature is checked when one is sent.
    const signature = headers.get("x-360dialog-signature");
    if (signature !== null && !verifyHmacSha256(rawBody, channel.webhook_secret, signature)) {
      return { ok: false, reason: "Invalid x-360dialog-signature", channel };
    }
    return { ok: true, channels: [channel] };
  }

  const header = provider === "meta" ? headers.get("x-hub-signature-256") : headers.get("x-webhook-signature");
  if (!header) return { ok: false, reason: "Missing signature", channel: routed[0] };
  const appSecret = provider === "meta" ? env().META_APP_SECRET : undefined;
  const signedByApp = appSecret !== undefined && verifyHmacSha256(rawBody, appSecret, header);
  const channels = routed.filter((c) => signedByApp || verifyHmacSha256(rawBody, c.webhook_secret, header));
  if (channels.length > 0 || (unroutable && routed.length === 0 && signedByApp)) return { ok: true, channels };
  // A number we do not know, signed in a way we cannot check: accepted (2xx) so the
  // provider stops retrying, but only a bounded record of it is kept.
  if (routed.length === 0 && unroutable && appSecret === undefined) return { ok: true, channels: [], unverified: true };
  return { ok: false, reason: "Invalid signature", channel: routed[0] };
}

/** One INSERT: a row per channel the body belongs to (each workspace sees its own), or one unroutable row. Ids of the channels' rows, in order. */
async function store(input: VerifiedInput, payload: unknown, channels: ChannelSecret[], unroutable: boolean): Promise<number[]> {
  const headers = keptHeaders(input.headers);
  const idempotencyKey = input.headers.get("x-idempotency-key");
  const json = JSON.stringify(payload);
  const rows: RawEventRow[] = channels.map((c) => ({
    workspaceId: c.workspace_id,
    channelId: c.id,
    provider: input.provider,
    payload: json,
    headers,
    idempotencyKey,
    outcome: "pending",
  }));
  if (unroutable)
    rows.push({
      workspaceId: null,
      channelId: null,
      provider: input.provider,
      payload: json,
      headers,
      idempotencyKey,
      outcome: "unroutable",
    });
  const ids = await storeRawEvents(rows);
  return ids.slice(0, channels.length);
}

/** A bounded record of a request that could not be authenticated (webhook-log.ts); failing to write it changes no answer. */
async function logUnverified(
  input: VerifiedInput,
  record: Pick<UnverifiedWebhook, "outcome" | "reason" | "channel" | "phoneNumberIds" | "wabaIds">,
) {
  await recordUnverifiedWebhook({ ...record, provider: input.provider, bytes: input.rawBody.byteLength, headers: input.headers }).catch(
    (error: unknown) => logger.error({ err: error, provider: input.provider }, "could not record a refused webhook"),
  );
}
