import "server-only";
import { z } from "zod";
import { asService } from "@/server/db/client";
import { env } from "@/server/env";
import { defineJob } from "@/server/jobs/define";
import { logger } from "@/server/log";

/** Settled outcomes: processed (or a duplicate) and refused. Pending, failed and dead rows stay until replayed. */
const PRUNABLE = ["processed", "duplicate", "unroutable", "invalid_signature", "malformed"];

/**
 * The daily clean-up of the inbound webhook log (the `webhooks.events-prune`
 * job): settled events whose last handling (processing, or receipt) is older
 * than WEBHOOK_EVENT_RETENTION_DAYS are deleted, in batches of `batchSize`,
 * each its own transaction; and the per-minute counts that limit bounded
 * records, once their minute is an hour old. Returns how many events were
 * deleted; `now` is a parameter so tests set the clock.
 */
export async function pruneWebhookEvents(options: { now?: Date; batchSize?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 1000;
  const days = env().WEBHOOK_EVENT_RETENTION_DAYS;
  await asService((tx) => tx`delete from private.webhook_intake_counts where window_start < ${now}::timestamptz - interval '1 hour'`);
  let deleted = 0;
  for (;;) {
    const batch = await asService(
      (tx) => tx`
        delete from public.webhook_events
        where id in (
          select id from public.webhook_events
          where outcome = any(${PRUNABLE})
            and coalesce(processed_at, received_at) < ${now}::timestamptz - make_interval(days => ${days})
          order by coalesce(processed_at, received_at)
          limit ${batchSize}
        )`,
    );
    deleted += batch.count;
    if (batch.count < batchSize) return deleted;
  }
}

/** Every night: the inbound webhook log's settled events past their retention. */
export const webhookEventsPruneJob = defineJob({
  name: "webhooks.events-prune",
  payload: z.object({}),
  options: { policy: "singleton", retryLimit: 2, retryDelay: 600 },
  schedule: "47 3 * * *",
  run: async () => {
    const deleted = await pruneWebhookEvents();
    if (deleted > 0) logger.info({ deleted }, "deleted inbound webhook events past their retention");
  },
});
