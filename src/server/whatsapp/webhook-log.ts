import "server-only";
import type { UserClaims } from "@/server/db/claims";
import { asService, asUser, type Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { assertAdmin } from "@/server/workspaces/queries";
import { type ProcessOutcome, processWebhookEvent } from "./processing/process-event";

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

export interface WebhookLogEntry {
  id: number;
  received_at: Date;
  provider: string;
  channel_name: string | null;
  phone_number: string | null;
  outcome: WebhookOutcome;
  attempts: number;
  last_error: string | null;
  summary: { messages?: number; duplicates?: number; statuses?: number; other?: number } | null;
}

export interface WebhookLogDetail extends WebhookLogEntry {
  payload: unknown;
  raw_body: string | null;
  headers: Record<string, string>;
  errors: unknown;
  processed_at: Date | null;
  idempotency_key: string | null;
}

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
           e.outcome, e.attempts, e.last_error, e.summary, e.payload, e.raw_body, e.headers, e.errors, e.processed_at,
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
    if (!event) throw new AppError("not_found", "Webhook event not found.");
    if (event.payload === null || event.outcome === "invalid_signature" || event.outcome === "malformed") {
      throw new AppError("invalid", "Only events that were accepted can be replayed.");
    }
  });
  await asService(
    (tx) => tx`update public.webhook_events set outcome = 'pending', next_attempt_at = null
               where id = ${id} and workspace_id = ${workspaceId} and outcome <> 'pending'`,
  );
  return processWebhookEvent(id);
}
