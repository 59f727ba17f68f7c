import "server-only";
import { asService, type Tx } from "@/server/db/client";
import { enqueueMediaFetch } from "@/server/jobs/queue";
import type { Provider, WebhookEvent } from "../events";
import { normalizeWebhook } from "../normalize";
import { applyEvents, type RoutedChannel } from "./apply-events";

/** After this many failed attempts an event is "dead": kept, visible, replayable by an admin. */
export const MAX_ATTEMPTS = 8;

/** 10 s, 20 s, 40 s … capped at 30 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(10 * 2 ** Math.max(0, attempts - 1), 30 * 60);
}

interface StoredEvent {
  id: number;
  provider: Provider;
  payload: unknown;
  headers: Record<string, string>;
  attempts: number;
  channel_id: string;
  workspace_id: string;
  phone_number_id: string;
  waba_id: string | null;
}

export type ProcessOutcome = "processed" | "duplicate" | "failed" | "dead" | "skipped";

/** The events of a body that belong to one channel (a Meta POST may carry several numbers). */
export function eventsForChannel(events: WebhookEvent[], channel: RoutedChannel): WebhookEvent[] {
  return events.filter((event) => {
    if (event.kind === "template_status") return event.wabaId === null || event.wabaId === channel.wabaId;
    return event.phoneNumberId === null || event.phoneNumberId === channel.phoneNumberId;
  });
}

/**
 * Processes one stored webhook event, once: the row is locked (SKIP LOCKED,
 * so an inline run and the recovery sweep never work on it together) and
 * its outcome written in the same transaction as the data. A failure rolls
 * back the data, not the bookkeeping: attempts, error and next try are kept.
 */
export async function processWebhookEvent(id: number): Promise<ProcessOutcome> {
  let mediaMessageIds: string[] = [];
  const outcome = await asService(async (tx): Promise<ProcessOutcome> => {
    const [event] = await tx<StoredEvent[]>`
      select e.id, e.provider, e.payload, e.headers, e.attempts, e.channel_id, e.workspace_id,
             c.phone_number_id, c.waba_id
      from public.webhook_events e
      join public.whatsapp_channels c on c.id = e.channel_id
      where e.id = ${id} and e.outcome in ('pending', 'failed') and e.payload is not null
      for update of e skip locked`;
    if (!event) return "skipped";

    const channel: RoutedChannel = {
      id: event.channel_id,
      workspaceId: event.workspace_id,
      phoneNumberId: event.phone_number_id,
      wabaId: event.waba_id,
    };
    try {
      const summary = await tx.savepoint((sp) => apply(sp, event, channel));
      const onlyDuplicates = summary.duplicates > 0 && summary.messages + summary.statuses + summary.other === 0;
      const outcome = onlyDuplicates ? "duplicate" : "processed";
      await tx`
        update public.webhook_events set
          outcome = ${outcome}, processed_at = now(), attempts = attempts + 1, last_error = null, next_attempt_at = null,
          summary = ${tx.json({ messages: summary.messages, duplicates: summary.duplicates, statuses: summary.statuses, other: summary.other, skipped: summary.skipped })},
          errors = ${summary.errors.length > 0 ? tx.json(summary.errors as unknown as Parameters<typeof tx.json>[0]) : null}
        where id = ${id}`;
      mediaMessageIds = summary.mediaMessageIds;
      return outcome;
    } catch (error) {
      const attempts = event.attempts + 1;
      const outcome = attempts >= MAX_ATTEMPTS ? "dead" : "failed";
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[webhook] event ${id} failed (attempt ${attempts}): ${message}`);
      await tx`
        update public.webhook_events set
          outcome = ${outcome}, attempts = ${attempts}, last_error = ${message.slice(0, 2000)},
          next_attempt_at = now() + make_interval(secs => ${retryDelaySeconds(attempts)})
        where id = ${id}`;
      return outcome;
    }
  });
  // After commit: the jobs must find the rows. If queueing fails, the recovery sweep queues them later.
  await enqueueMediaFetch(mediaMessageIds).catch((error) => console.error("[webhook] could not queue media downloads", error));
  return outcome;
}

function apply(tx: Tx, event: StoredEvent, channel: RoutedChannel) {
  const normalized = normalizeWebhook(event.provider, event.payload, { event: event.headers["x-webhook-event"] ?? null });
  return applyEvents(tx, channel, eventsForChannel(normalized.events, channel));
}

/** Stored events that were never processed, or failed and are due again: the recovery sweep's work. */
export async function dueWebhookEvents(limit: number): Promise<number[]> {
  const rows = await asService(
    (tx) => tx<{ id: number }[]>`
      select id from public.webhook_events
      where outcome in ('pending', 'failed') and coalesce(next_attempt_at, received_at) <= now()
      order by coalesce(next_attempt_at, received_at)
      limit ${limit}`,
  );
  return rows.map((r) => Number(r.id));
}

/** Processes each id in turn; used right after a webhook is answered and by the recovery sweep. */
export async function processWebhookEvents(ids: number[]): Promise<ProcessOutcome[]> {
  const outcomes: ProcessOutcome[] = [];
  for (const id of ids) outcomes.push(await processWebhookEvent(id));
  return outcomes;
}
