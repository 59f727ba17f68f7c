import "server-only";
import { scheduleAssistant } from "@/server/ai/jobs";
import { asService } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { enqueueMany } from "@/server/jobs/enqueue";
import { errorMessage, logger } from "@/server/log";
import type { WebhookEvent } from "@/server/whatsapp/events";
import { mediaFetchJob } from "@/server/whatsapp/media/jobs";
import { normalizeWebhook } from "@/server/whatsapp/normalize";
import type { Provider } from "@/server/whatsapp/providers";
import { applyBatch, type BatchItem } from "./apply-batch";
import { type ApplySummary, applyEvents, type RoutedChannel } from "./apply-events";

/** After this many failed attempts an event is "dead": kept, visible, replayable by an admin. */
export const MAX_ATTEMPTS = 8;

/** 10 s, 20 s, 40 s … capped at 30 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(10 * 2 ** Math.max(0, attempts - 1), 30 * 60);
}

/** A stored event's row as processing claims it. */
interface ClaimedEvent {
  id: string;
  provider: Provider;
  /** Null when the caller handed the body's events over (they were read when the body arrived). */
  payload: unknown;
  headers: Record<string, string>;
  attempts: number;
  channel_id: string;
  workspace_id: string;
  phone_number_id: string;
  waba_id: string | null;
}

/**
 * A stored event whose body was already read by the receiving side: every
 * event of the body (all channels). The row stays the source of truth;
 * this only spares reading and parsing it again.
 */
export interface ReadEvent {
  id: number;
  events: WebhookEvent[];
}

export type ProcessOutcome = "processed" | "duplicate" | "failed" | "dead" | "skipped";

/** The events of a body that belong to one channel (a Meta POST may carry several numbers). */
export function eventsForChannel(events: WebhookEvent[], channel: RoutedChannel): WebhookEvent[] {
  return events.filter((event) => {
    if (event.kind === "template_status" || event.kind === "number_limit") return event.wabaId === null || event.wabaId === channel.wabaId;
    return event.phoneNumberId === null || event.phoneNumberId === channel.phoneNumberId;
  });
}

/** Events per transaction: large enough to share the fixed costs, small enough to keep each commit short. */
const BATCH_LIMIT = 250;

/** Processes one stored webhook event (replays, tests). */
export async function processWebhookEvent(id: number): Promise<ProcessOutcome> {
  const [outcome] = await processWebhookEvents([id]);
  return outcome ?? "skipped";
}

/**
 * Processes stored webhook events, once each, in batches: one transaction
 * claims up to BATCH_LIMIT rows (FOR UPDATE SKIP LOCKED, so the inline
 * processor and the recovery sweep never work on the same row), writes
 * their data with a few multi-row statements (apply-batch.ts) and records
 * every outcome in the same transaction as the data. An id another run
 * holds, or that is already done, is "skipped".
 *
 * If the batch fails, its writes are rolled back to a savepoint and the
 * events are applied one by one, each in a savepoint of its own: a failure
 * rolls back that event's data, not the bookkeeping (attempts, error, next
 * try), and never the other events of the batch.
 */
export async function processWebhookEvents(ids: number[], read: ReadEvent[] = []): Promise<ProcessOutcome[]> {
  const known = new Map(read.map((event) => [event.id, event.events]));
  const unique = [...new Set(ids)];
  const outcomes = new Map<number, ProcessOutcome>();
  for (let i = 0; i < unique.length; i += BATCH_LIMIT) {
    for (const [id, outcome] of await processBatch(unique.slice(i, i + BATCH_LIMIT), known)) outcomes.set(id, outcome);
  }
  const answered = new Set<number>();
  return ids.map((id) => {
    if (answered.has(id)) return "skipped";
    answered.add(id);
    return outcomes.get(id) ?? "skipped";
  });
}

type Applied = { ok: true; summary: ApplySummary } | { ok: false; error: unknown };

async function processBatch(ids: number[], known: Map<number, WebhookEvent[]>): Promise<Map<number, ProcessOutcome>> {
  const outcomes = new Map<number, ProcessOutcome>();
  const mediaMessageIds: string[] = [];
  const customerConversationIds: string[] = [];
  await asService(async (tx) => {
    const knownIds = ids.filter((id) => known.has(id));
    const claimed = await tx<ClaimedEvent[]>`
      select e.id, e.provider, case when e.id = any(${knownIds}::bigint[]) then null else e.payload end as payload,
             e.headers, e.attempts, e.channel_id, e.workspace_id, c.phone_number_id, c.waba_id
      from public.webhook_events e
      join public.whatsapp_channels c on c.id = e.channel_id
      where e.id = any(${ids}::bigint[]) and e.outcome in ('pending', 'failed') and e.payload is not null
      order by e.id
      for update of e skip locked`;
    if (claimed.length === 0) return;

    const items: BatchItem[] = claimed.map((event) => {
      const channel: RoutedChannel = {
        id: event.channel_id,
        workspaceId: event.workspace_id,
        phoneNumberId: event.phone_number_id,
        wabaId: event.waba_id,
      };
      const events =
        known.get(Number(event.id)) ??
        normalizeWebhook(event.provider, event.payload, { event: event.headers["x-webhook-event"] ?? null }).events;
      return { channel, events: eventsForChannel(events, channel) };
    });

    let applied: Applied[];
    try {
      applied = (await tx.savepoint((sp) => applyBatch(sp, items))).map((summary) => ({ ok: true, summary }));
    } catch (error) {
      if (items.length > 1)
        logger.warn({ events: items.length, error: messageOf(error) }, "a batch of webhook events failed; applying them one by one");
      applied = [];
      for (const item of items) {
        try {
          applied.push({ ok: true, summary: await tx.savepoint((sp) => applyEvents(sp, item.channel, item.events)) });
        } catch (error) {
          applied.push({ ok: false, error });
        }
      }
    }

    const updates = claimed.map((event, i) => {
      const result = applied[i] as Applied;
      const id = Number(event.id);
      if (result.ok) {
        const { summary } = result;
        const onlyDuplicates = summary.duplicates > 0 && summary.messages + summary.statuses + summary.other === 0;
        const outcome = onlyDuplicates ? "duplicate" : "processed";
        outcomes.set(id, outcome);
        mediaMessageIds.push(...summary.mediaMessageIds);
        customerConversationIds.push(...summary.customerConversationIds);
        return {
          id,
          outcome,
          ok: true,
          summary: {
            messages: summary.messages,
            duplicates: summary.duplicates,
            statuses: summary.statuses,
            other: summary.other,
            skipped: summary.skipped,
          },
          errors: summary.errors.length > 0 ? summary.errors : null,
        };
      }
      const attempts = event.attempts + 1;
      const outcome = attempts >= MAX_ATTEMPTS ? "dead" : "failed";
      const message = messageOf(result.error);
      logger.error({ webhookEventId: id, attempts, error: message }, "webhook event failed");
      outcomes.set(id, outcome);
      return { id, outcome, ok: false, attempts, last_error: message.slice(0, 2000), retry_seconds: retryDelaySeconds(attempts) };
    });
    await tx`
      update public.webhook_events e set
        outcome = t.outcome,
        processed_at = case when t.ok then now() else e.processed_at end,
        attempts = case when t.ok then e.attempts + 1 else t.attempts end,
        last_error = case when t.ok then null else t.last_error end,
        next_attempt_at = case when t.ok then null else now() + make_interval(secs => t.retry_seconds) end,
        summary = case when t.ok then t.summary else e.summary end,
        errors = case when t.ok then t.errors else e.errors end
      from json_to_recordset(${JSON.stringify(updates)}::text::json)
        as t(id bigint, outcome text, ok boolean, attempts integer, last_error text, retry_seconds integer, summary jsonb,
             errors jsonb)
      where e.id = any(${updates.map((u) => u.id)}::bigint[]) and e.id = t.id`;
  });
  // After commit: the jobs must find the rows. If queueing fails, the recovery sweep queues them later.
  await enqueueMany(
    mediaFetchJob,
    mediaMessageIds.map((messageId) => ({ messageId })),
  ).catch((error) => logger.error({ error: errorMessage(error) }, "could not queue media downloads"));
  await scheduleAssistant(customerConversationIds).catch((error) =>
    logger.error({ error: errorMessage(error) }, "could not queue AI replies"),
  );
  return outcomes;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Stored events that were never processed, or failed and are due again: the recovery sweep's work. */
export async function dueWebhookEvents(limit: number): Promise<number[]> {
  const rows = await asService(
    (tx) => tx<Pick<Row<"webhook_events">, "id">[]>`
      select id from public.webhook_events
      where outcome in ('pending', 'failed') and coalesce(next_attempt_at, received_at) <= now()
      order by coalesce(next_attempt_at, received_at)
      limit ${limit}`,
  );
  return rows.map((r) => Number(r.id));
}
