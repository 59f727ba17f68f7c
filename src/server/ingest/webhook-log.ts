import "server-only";
import type { UserClaims } from "@/server/db/claims";
import { asService, asUser, type Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import type { Provider } from "@/server/whatsapp/providers";
import { assertAdmin } from "@/server/workspaces/queries";
import { type ProcessOutcome, processWebhookEvent } from "./process-event";

export const WEBHOOK_OUTCOMES = [
  "pending",
  "processed",
  "duplicate",
  "unroutable",
  "failed",
  "dead",
  "invalid_signature",
  "malformed",
] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

export type WebhookLogEntry = With<
  Pick<Row<"webhook_events">, "id" | "received_at" | "provider" | "outcome" | "attempts" | "last_error" | "summary">,
  // id is cast to int (an int8 would be a string); the jsonb and checked text columns narrowed to what we write.
  { id: number; outcome: WebhookOutcome; summary: { messages?: number; duplicates?: number; statuses?: number; other?: number } | null }
> & { channel_name: Row<"whatsapp_channels">["name"]; phone_number: Row<"whatsapp_channels">["display_phone_number"] };

export type WebhookLogDetail = WebhookLogEntry &
  With<
    Pick<Row<"webhook_events">, "payload" | "raw_body" | "diagnostics" | "headers" | "errors" | "processed_at" | "idempotency_key">,
    {
      /** What is kept of a request that could not be authenticated, instead of its body. */
      diagnostics: UnverifiedDiagnostics | null;
      headers: Record<string, string>;
    }
  >;

/** Newest first, keyset-paginated by (received_at, id). Admins only: RLS returns nothing to agents. */
export function listWebhookEvents(
  tx: Tx,
  workspaceId: string,
  options: { outcome?: WebhookOutcome; before?: { receivedAt: Date; id: number }; limit: number },
) {
  return tx<WebhookLogEntry[]>`
    select e.id::int as id, e.received_at, e.provider, c.name as channel_name, c.display_phone_number as phone_number,
           e.outcome, e.attempts, e.last_error, e.summary
    from public.webhook_events e
    left join public.whatsapp_channels c on c.id = e.channel_id
    where e.workspace_id = ${workspaceId}
      and (${options.outcome ?? null}::text is null or e.outcome = ${options.outcome ?? null})
      and (${options.before?.receivedAt ?? null}::timestamptz is null
           or (e.received_at, e.id) < (${options.before?.receivedAt ?? null}::timestamptz, ${options.before?.id ?? 0}))
    order by e.received_at desc, e.id desc
    limit ${options.limit}`;
}

export async function getWebhookEvent(tx: Tx, workspaceId: string, id: number): Promise<WebhookLogDetail | null> {
  const [row] = await tx<WebhookLogDetail[]>`
    select e.id::int as id, e.received_at, e.provider, c.name as channel_name, c.display_phone_number as phone_number,
           e.outcome, e.attempts, e.last_error, e.summary, e.payload, e.raw_body, e.diagnostics, e.headers, e.errors, e.processed_at,
           e.idempotency_key
    from public.webhook_events e
    left join public.whatsapp_channels c on c.id = e.channel_id
    where e.workspace_id = ${workspaceId} and e.id = ${id}`;
  return row ?? null;
}

/**
 * Processes a stored event again. Safe by construction: processing is
 * idempotent, so a replay of a processed event changes nothing and reports
 * "duplicate".
 */
export async function replayWebhookEvent(claims: UserClaims, workspaceId: string, id: number): Promise<ProcessOutcome> {
  await asUser(claims, async (tx) => {
    await assertAdmin(tx, workspaceId);
    const event = await getWebhookEvent(tx, workspaceId, id);
    if (!event) throw new AppError("not_found", "errors.webhooks.eventNotFound");
    if (event.payload === null || event.outcome === "invalid_signature" || event.outcome === "malformed") {
      throw new AppError("invalid", "errors.webhooks.onlyAcceptedReplay");
    }
  });
  await asService(
    (tx) => tx`update public.webhook_events set outcome = 'pending', next_attempt_at = null
               where id = ${id} and workspace_id = ${workspaceId} and outcome <> 'pending'`,
  );
  return processWebhookEvent(id);
}

/** The few facts kept about a request that could not be authenticated: enough to diagnose, too little to be a store. */
export interface UnverifiedDiagnostics {
  bytes: number;
  phone_number_ids?: string[];
  waba_ids?: string[];
  event?: string;
  user_agent?: string;
}

export interface UnverifiedWebhook {
  provider: Provider;
  /** The channel the request named, when it named one of ours (its admins see the record). */
  channel: { id: string; workspace_id: string } | null;
  outcome: "unroutable" | "invalid_signature" | "malformed";
  reason: string;
  bytes: number;
  phoneNumberIds?: string[];
  wabaIds?: string[];
  headers: Headers;
  /** The clock that picks the minute the request counts in. */
  now?: Date;
}

/**
 * Bounded records per minute: per source (the channel, or the first number
 * the request named), and, for requests naming no channel of ours (whose
 * source the sender makes up), per provider in all. The counts are rows in
 * Postgres, so the limits hold across app instances. Under a flood lasting
 * the whole retention, a provider's made-up numbers leave at most
 * 60 × 1,440 rows of under 1 kB a day, and each channel 10 × 1,440.
 */
export const UNVERIFIED_LIMITS = { perSource: 10, perProvider: 60 };
const IDS_KEPT = 3;
const ID_LENGTH = 64;
const cut = (value: string | null | undefined, length: number) => (value ? value.slice(0, length) : undefined);

/**
 * Records a request that could not be authenticated: time, provider,
 * outcome and reason, its size and the ids it named, never its body (a
 * forged request must not be a way to store data), and only within the
 * limits above. Returns whether a record was written.
 */
export async function recordUnverifiedWebhook(request: UnverifiedWebhook): Promise<boolean> {
  const phoneNumberIds = (request.phoneNumberIds ?? []).slice(0, IDS_KEPT).map((id) => id.slice(0, ID_LENGTH));
  const wabaIds = (request.wabaIds ?? []).slice(0, IDS_KEPT).map((id) => id.slice(0, ID_LENGTH));
  const diagnostics: UnverifiedDiagnostics = {
    bytes: request.bytes,
    ...(phoneNumberIds.length > 0 && { phone_number_ids: phoneNumberIds }),
    ...(wabaIds.length > 0 && { waba_ids: wabaIds }),
    ...(request.headers.has("x-webhook-event") && { event: cut(request.headers.get("x-webhook-event"), ID_LENGTH) }),
    ...(request.headers.has("user-agent") && { user_agent: cut(request.headers.get("user-agent"), 100) }),
  };
  const source = request.channel ? `channel:${request.channel.id}` : `id:${phoneNumberIds[0] ?? wabaIds[0] ?? request.outcome}`;
  const minute = request.now ?? new Date();
  const rows = await asService(
    (tx) => tx`
      with total as (
        insert into private.webhook_intake_counts as c (provider, source, window_start, hits)
        select ${request.provider}, '*', date_trunc('minute', ${minute}::timestamptz), 1
        where ${request.channel === null}
        on conflict (provider, source, window_start) do update set hits = c.hits + 1
        returning hits
      ),
      -- Counted per source only within the provider's limit, so a flood naming new numbers adds no rows here either.
      per_source as (
        insert into private.webhook_intake_counts as c (provider, source, window_start, hits)
        select ${request.provider}, ${source}, date_trunc('minute', ${minute}::timestamptz), 1
        where ${request.channel !== null} or exists (select 1 from total where hits <= ${UNVERIFIED_LIMITS.perProvider})
        on conflict (provider, source, window_start) do update set hits = c.hits + 1
        returning hits
      )
      insert into public.webhook_events (workspace_id, channel_id, provider, outcome, last_error, diagnostics, processed_at)
      select ${request.channel?.workspace_id ?? null}, ${request.channel?.id ?? null}, ${request.provider}, ${request.outcome},
             ${request.reason.slice(0, 200)}, ${JSON.stringify(diagnostics)}::text::jsonb, now()
      from per_source where hits <= ${UNVERIFIED_LIMITS.perSource}
      returning id`,
  );
  return rows.length > 0;
}
