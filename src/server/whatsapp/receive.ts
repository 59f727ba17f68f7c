import "server-only";
import { asService } from "@/server/db/client";
import { env } from "@/server/env";
import type { Provider } from "./events";
import { normalizeWebhook } from "./normalize";
import { verifyHmacSha256 } from "./signature";

/** A channel as routing sees it, secret included (service role only). */
interface ChannelSecret {
  id: string;
  workspace_id: string;
  phone_number_id: string;
  waba_id: string | null;
  webhook_secret: string;
}

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
/** Rejected bodies are logged truncated: enough to see what came, not a storage sink. */
const REJECTED_BODY_LIMIT = 64 * 1024;

function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value.slice(0, 500);
  }
  return kept;
}

const reply = (status: number, error: string): WebhookResponse => ({ status, body: { error }, storedEventIds: [] });

/**
 * Verify, store raw, answer. The raw body is written to webhook_events in
 * one INSERT before any 2xx; processing happens afterwards (see
 * processing/process-event.ts). If that INSERT fails the provider gets a 503
 * and retries, so nothing is lost.
 */
export async function receiveWebhook(input: IncomingWebhook): Promise<WebhookResponse> {
  const { provider, rawBody, headers } = input;
  if (rawBody === null) {
    console.warn(`[webhook:${provider}] refused: body over ${env().WEBHOOK_MAX_BYTES} bytes`);
    return reply(413, "Body too large");
  }
  const body = { ...input, rawBody };
  const text = new TextDecoder().decode(rawBody);

  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    console.warn(`[webhook:${provider}] refused: malformed JSON`);
    await logRejected(body, null, "malformed", "Malformed JSON").catch(() => {});
    return reply(400, "Malformed JSON");
  }

  const eventHeader = headers.get("x-webhook-event");
  const normalized = normalizeWebhook(provider, payload, { event: eventHeader });

  let routed: ChannelSecret[];
  let unroutable: boolean;
  try {
    ({ routed, unroutable } = await route(body, normalized.phoneNumberIds, wabaIdsOf(normalized.events)));
  } catch (error) {
    console.error(`[webhook:${provider}] routing failed`, error);
    return reply(503, "Temporarily unavailable");
  }

  const verdict = authenticate(body, routed, unroutable);
  if (!verdict.ok) {
    console.warn(`[webhook:${provider}] refused: ${verdict.reason}`);
    await logRejected(body, verdict.channel ?? null, "invalid_signature", verdict.reason, payload).catch(() => {});
    return reply(401, verdict.reason);
  }

  try {
    const ids = await store(body, payload, verdict.channels, unroutable && verdict.channels.length === 0);
    return { status: 200, body: { ok: true, events: normalized.events.length }, storedEventIds: ids };
  } catch (error) {
    console.error(`[webhook:${provider}] could not store the event; answering 503 so the provider retries`, error);
    return reply(503, "Temporarily unavailable");
  }
}

function wabaIdsOf(events: ReturnType<typeof normalizeWebhook>["events"]): string[] {
  return [...new Set(events.flatMap((e) => (e.kind === "template_status" && e.wabaId ? [e.wabaId] : [])))];
}

async function route(input: VerifiedInput, phoneNumberIds: string[], wabaIds: string[]) {
  return asService(async (tx) => {
    if (input.provider === "360dialog") {
      const channels = await tx<ChannelSecret[]>`
        select id, workspace_id, phone_number_id, waba_id, webhook_secret from public.whatsapp_channels
        where webhook_token = ${input.pathToken ?? ""} and status <> 'disconnected'`;
      return { routed: channels, unroutable: false };
    }
    const channels = await tx<ChannelSecret[]>`
      select id, workspace_id, phone_number_id, waba_id, webhook_secret from public.whatsapp_channels
      where phone_number_id = any(${phoneNumberIds}) or waba_id = any(${wabaIds})`;
    const known = new Set(channels.flatMap((c) => [c.phone_number_id, c.waba_id]));
    const unroutable =
      phoneNumberIds.some((id) => !known.has(id)) ||
      wabaIds.some((id) => !known.has(id)) ||
      (phoneNumberIds.length === 0 && wabaIds.length === 0);
    return { routed: channels, unroutable };
  });
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

/** One INSERT: a row per channel the body belongs to (each workspace sees its own), or one unroutable row. */
async function store(input: VerifiedInput, payload: unknown, channels: ChannelSecret[], unroutable: boolean): Promise<number[]> {
  const headers = keptHeaders(input.headers);
  const idempotencyKey = input.headers.get("x-idempotency-key");
  const targets: { workspace_id: string | null; channel_id: string | null; outcome: string }[] = channels.map((c) => ({
    workspace_id: c.workspace_id,
    channel_id: c.id,
    outcome: "pending",
  }));
  if (unroutable) targets.push({ workspace_id: null, channel_id: null, outcome: "unroutable" });
  if (targets.length === 0) return [];
  return asService(async (tx) => {
    const rows = await tx<{ id: number; outcome: string }[]>`
      insert into public.webhook_events (workspace_id, channel_id, provider, payload, headers, idempotency_key, outcome,
                                         next_attempt_at)
      -- Serialised here and cast from text, so a JSON null body is stored as jsonb null, not SQL NULL.
      select t.workspace_id, t.channel_id, ${input.provider}, ${JSON.stringify(payload)}::text::jsonb,
             ${tx.json(headers)}, ${idempotencyKey}, t.outcome,
             -- Processed inline right after the answer; the sweep only steps in if that never happens.
             case when t.outcome = 'pending' then now() + interval '30 seconds' end
      from jsonb_to_recordset(${tx.json(targets)}) as t(workspace_id uuid, channel_id uuid, outcome text)
      returning id, outcome`;
    return rows.filter((r) => r.outcome === "pending").map((r) => Number(r.id));
  });
}

async function logRejected(
  input: VerifiedInput,
  channel: ChannelSecret | null,
  outcome: "malformed" | "invalid_signature",
  reason: string,
  payload?: unknown,
) {
  const raw = payload === undefined ? new TextDecoder().decode(input.rawBody.slice(0, REJECTED_BODY_LIMIT)) : null;
  const json = payload !== undefined && input.rawBody.byteLength <= REJECTED_BODY_LIMIT ? payload : undefined;
  await asService(
    (tx) => tx`
      insert into public.webhook_events (workspace_id, channel_id, provider, payload, raw_body, headers, outcome, last_error, processed_at)
      values (${channel?.workspace_id ?? null}, ${channel?.id ?? null}, ${input.provider},
              ${json === undefined ? null : JSON.stringify(json)}::text::jsonb,
              ${json === undefined ? (raw ?? new TextDecoder().decode(input.rawBody.slice(0, REJECTED_BODY_LIMIT))) : null},
              ${tx.json(keptHeaders(input.headers))}, ${outcome}, ${reason}, now())`,
  );
}
