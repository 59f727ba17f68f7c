import "server-only";
import { asService } from "@/server/db/client";
import { env } from "@/server/env";
import { logger } from "@/server/log";
import { type ChannelSecret, routeWebhook } from "./channel-routes";
import { type RawEventRow, storeRawEvents } from "./event-store";
import type { Provider } from "./events";
import { normalizeWebhook } from "./normalize";
import type { ReadEvent } from "./processing/process-event";
import { verifyHmacSha256 } from "./signature";

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
/** Rejected bodies are logged truncated: enough to see what came, not a storage sink. */
const REJECTED_BODY_LIMIT = 64 * 1024;

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
    logger.warn({ provider, limit: env().WEBHOOK_MAX_BYTES }, "webhook refused: body too large");
    return reply(413, "Body too large");
  }
  const body = { ...input, rawBody };
  const text = utf8.decode(rawBody);

  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    logger.warn({ provider }, "webhook refused: malformed JSON");
    await logRejected(body, null, "malformed", "Malformed JSON").catch(() => {});
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
    logger.error({ provider, err: error }, "webhook routing failed");
    return reply(503, "Temporarily unavailable");
  }

  if (!verdict.ok) {
    logger.warn({ provider, reason: verdict.reason }, "webhook refused");
    await logRejected(body, verdict.channel ?? null, "invalid_signature", verdict.reason, payload).catch(() => {});
    return reply(401, verdict.reason);
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
    logger.error({ provider, err: error }, "could not store the webhook; answering 503 so the provider retries");
    return reply(503, "Temporarily unavailable");
  }
}

function wabaIdsOf(events: ReturnType<typeof normalizeWebhook>["events"]): string[] {
  return [...new Set(events.flatMap((e) => (e.kind === "template_status" && e.wabaId ? [e.wabaId] : [])))];
}

type VerifiedInput = IncomingWebhook & { rawBody: Uint8Array };

type Verdict = { ok: true; channels: ChannelSecret[] } | { ok: false; reason: string; channel?: ChannelSecret };

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
  // A number we do not know, signed in a way we cannot check: keep it as
  // unroutable (2xx) so the provider stops retrying, visible in the log.
  if (routed.length === 0 && unroutable && appSecret === undefined) return { ok: true, channels: [] };
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

async function logRejected(
  input: VerifiedInput,
  channel: ChannelSecret | null,
  outcome: "malformed" | "invalid_signature",
  reason: string,
  payload?: unknown,
) {
  const raw = payload === undefined ? utf8.decode(input.rawBody.slice(0, REJECTED_BODY_LIMIT)) : null;
  const json = payload !== undefined && input.rawBody.byteLength <= REJECTED_BODY_LIMIT ? payload : undefined;
  await asService(
    (tx) => tx`
      insert into public.webhook_events (workspace_id, channel_id, provider, payload, raw_body, headers, outcome, last_error, processed_at)
      values (${channel?.workspace_id ?? null}, ${channel?.id ?? null}, ${input.provider},
              ${json === undefined ? null : JSON.stringify(json)}::text::jsonb,
              ${json === undefined ? (raw ?? utf8.decode(input.rawBody.slice(0, REJECTED_BODY_LIMIT))) : null},
              ${tx.json(keptHeaders(input.headers))}, ${outcome}, ${reason}, now())`,
  );
}
