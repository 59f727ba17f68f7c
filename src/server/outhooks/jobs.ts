import "server-only";
import { z } from "zod";
import { DEAD_LETTERS, defineJob } from "@/server/jobs/define";
import { logger } from "@/server/log";
import { deliverWebhook } from "./deliver";
import { pruneWebhookLog } from "./retention";

/**
 * One job per outbound webhook delivery: post the event to the subscription's URL.
 * 8 attempts over about half an hour to an hour: 15–30 s, 30–60 s … 16–32 min (pg-boss doubles a jittered delay).
 */
export const webhookDeliveryJob = defineJob({
  name: "webhooks.deliver",
  payload: z.object({ deliveryId: z.uuid() }),
  // "stately": a replay while a delivery is still queued adds nothing.
  options: { policy: "stately", retryLimit: 7, retryDelay: 15, retryBackoff: true, deadLetter: DEAD_LETTERS },
  singletonKey: ({ deliveryId }) => deliveryId,
  // Receivers answer slowly or not at all: several deliveries side by side.
  work: { batchSize: 8, pollingIntervalSeconds: 1 },
  run: ({ deliveryId }, { finalAttempt }) => deliverWebhook(deliveryId, { finalAttempt }),
});

/** Every night: the outbound webhook log's events (with deliveries and attempts) past their retention. */
export const webhookPruneJob = defineJob({
  name: "webhooks.prune",
  payload: z.object({}),
  options: { policy: "singleton", retryLimit: 2, retryDelay: 600 },
  schedule: "41 3 * * *",
  run: async () => {
    const deleted = await pruneWebhookLog();
    if (deleted > 0) logger.info({ deleted }, "deleted outbound webhook events past their retention");
  },
});
