import "server-only";
import { asService } from "@/server/db/client";
import { env } from "@/server/env";

/**
 * The daily clean-up of the outbound webhook log (the `webhooks.prune`
 * job): events older than OUTBOUND_WEBHOOK_RETENTION_DAYS that are
 * dispatched and have no delivery still pending are deleted, and with them
 * (by cascade) their deliveries and attempts. Batches of `batchSize`, each
 * its own transaction, so no statement holds its locks for long. Returns
 * how many events were deleted; `now` is a parameter so tests set the clock.
 */
export async function pruneWebhookLog(options: { now?: Date; batchSize?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 1000;
  const days = env().OUTBOUND_WEBHOOK_RETENTION_DAYS;
  let deleted = 0;
  for (;;) {
    const batch = await asService(
      (tx) => tx`
        delete from public.webhook_outbox
        where id in (
          select o.id from public.webhook_outbox o
          where o.created_at < ${now}::timestamptz - make_interval(days => ${days})
            and o.dispatched_at is not null
            and not exists (
              select 1 from public.webhook_deliveries d
              where d.workspace_id = o.workspace_id and d.event_id = o.id and d.status = 'pending'
            )
          order by o.created_at
          limit ${batchSize}
        )`,
    );
    deleted += batch.count;
    if (batch.count < batchSize) return deleted;
  }
}
