import "server-only";
import { asService } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { logger } from "@/server/log";
import { eventData, type OutboxRow } from "./payloads";
import { queueDelivery } from "./subscriptions";

/**
 * Turns captured events into deliveries: builds each event's payload once
 * (frozen in the outbox row: retries and replays send the same body), then
 * one delivery and one job per active subscription to its type, all in one
 * transaction. Rows are claimed with SKIP LOCKED, so several workers share
 * the outbox. Returns how many events it took.
 */
export async function dispatchOutbox(limit = 200): Promise<number> {
  return asService(async (tx) => {
    const events = await tx<OutboxRow[]>`
      select id, workspace_id, type, entity_id, changes, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at
      from public.webhook_outbox
      where dispatched_at is null
      order by seq
      limit ${limit}
      for update skip locked`;
    if (events.length === 0) return 0;
    const subscriptions = await tx<Pick<Row<"webhook_subscriptions">, "id" | "workspace_id" | "events">[]>`
      select id, workspace_id, events from public.webhook_subscriptions
      where status = 'active' and workspace_id = any(${[...new Set(events.map((e) => e.workspace_id))]}::uuid[])`;
    for (const event of events) {
      const data = await eventData(tx, event);
      const payload = data && { id: event.id, type: event.type, created_at: event.created_at, workspace_id: event.workspace_id, data };
      await tx`
        update public.webhook_outbox set dispatched_at = now(), payload = ${payload ? tx.json(payload as never) : null}
        where workspace_id = ${event.workspace_id} and id = ${event.id}`;
      if (!payload) continue;
      for (const subscription of subscriptions) {
        if (subscription.workspace_id === event.workspace_id && subscription.events.includes(event.type)) {
          await queueDelivery(tx, event.workspace_id, subscription.id, event.id);
        }
      }
    }
    return events.length;
  });
}

/**
 * Polls the outbox: at once again while it is full, else every second. One
 * indexed look-up of an empty partial index per second when there is
 * nothing to send.
 */
export function startOutboxDispatcher(intervalMs = 1000): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const limit = 200;
  const tick = async () => {
    let taken = 0;
    try {
      taken = await dispatchOutbox(limit);
    } catch (error) {
      logger.error({ err: error }, "dispatching the outbound webhook outbox failed");
    }
    if (!stopped) timer = setTimeout(tick, taken === limit ? 0 : intervalMs);
  };
  timer = setTimeout(tick, 0);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
