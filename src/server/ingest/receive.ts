import "server-only";
import { env } from "@/server/env";
import { logger } from "@/server/log";
import { type ChannelSecret, routeWebhook } from "@/server/whatsapp/channel-routes";
import type { WebhookEvent } from "@/server/whatsapp/events";
import { normalizeWebhook } from "@/server/whatsapp/normalize";
import type { Provider } from "@/server/whatsapp/providers";
import { allProviderAdapters, providerAdapter } from "@/server/whatsapp/providers";
import type { Verdict } from "@/server/whatsapp/providers/adapter";
import { parseStorableJson, type RawEventRow, storeRawEvents } from "./event-store";
import type { ReadEvent } from "./process-event";
import { recordUnverifiedWebhook, type UnverifiedWebhook } from "./webhook-log";

export interface IncomingWebhook {
  provider: Provider;
  /** The bytes as received; null when the body was over WEBHOOK_MAX_BYTES. */
  rawBody: Uint8Array | null;
  headers: Headers;
  /** The channel's token in the URL path, for providers that route by it (360dialog). */
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

/** Headers worth keeping with the raw body (for replay and for the admin log): every provider's, whichever posted. */
const keptHeaderNames = () => new Set(["content-type", "user-agent", ...allProviderAdapters().flatMap((a) => a.webhookHeaders)]);
/** Kept header values are cut to this; processing reads x-webhook-event from the kept headers. */
const HEADER_VALUE_LIMIT = 500;
const utf8 = new TextDecoder();

function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of keptHeaderNames()) {
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
    payload = parseStorableJson(text);
  } catch {
    logger.warn({ provider }, "webhook refused: malformed JSON");
    await logUnverified(body, { outcome: "malformed", reason: "Malformed JSON", channel: null });
    return reply(400, "Malformed JSON");
  }

  const eventHeader = headers.get("x-webhook-event");
  const normalized = normalizeWebhook(provider, payload, { event: eventHeader });

  const adapter = providerAdapter(provider);
  const target = {
    provider,
    routing: adapter.routing,
    pathToken: input.pathToken,
    phoneNumberIds: normalized.phoneNumberIds,
    wabaIds: wabaIdsOf(normalized.events),
  };
  let verdict: Verdict;
  let unroutable: boolean;
  try {
    let routing = await routeWebhook(target);
    verdict = adapter.verify(body, routing.routed, routing.unroutable);
    // A remembered channel may be out of date (secret rotated): ask the database before refusing.
    if (!verdict.ok && routing.cached) {
      routing = await routeWebhook(target, { fresh: true });
      verdict = adapter.verify(body, routing.routed, routing.unroutable);
    }
    unroutable = routing.unroutable;
  } catch (error) {
    logger.error({ provider, err: error }, "webhook routing failed");
    return reply(503, "Temporarily unavailable");
  }

  if (!verdict.ok) {
    logger.warn({ provider, reason: verdict.reason }, "webhook refused");
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
    logger.error({ provider, err: error }, "could not store the webhook; answering 503 so the provider retries");
    return reply(503, "Temporarily unavailable");
  }
}

function wabaIdsOf(events: WebhookEvent[]): string[] {
  return [...new Set(events.flatMap((e) => ((e.kind === "template_status" || e.kind === "number_limit") && e.wabaId ? [e.wabaId] : [])))];
}

type VerifiedInput = IncomingWebhook & { rawBody: Uint8Array };

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
