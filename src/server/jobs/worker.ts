import "server-only";
import type PgBoss from "pg-boss";
import { answerConversation, conversationsAwaitingAssistant, queueAssistantReplies } from "@/server/ai/assistant";
import { failImport, runContactImport } from "@/server/contacts/imports";
import { activeChannelIds, sendOutboundMessage, sendReadReceipt, syncChannelTemplates } from "@/server/inbox/delivery";
import { logger } from "@/server/log";
import { deliverWebhook } from "@/server/outhooks/deliver";
import { startOutboxDispatcher } from "@/server/outhooks/dispatch";
import { pruneWebhookLog } from "@/server/outhooks/retention";
import { fetchMessageMedia, staleMediaMessages } from "@/server/whatsapp/media/fetch-media";
import { dueWebhookEvents, processWebhookEvents } from "@/server/whatsapp/processing/process-event";
import { pruneWebhookEvents } from "@/server/whatsapp/webhook-retention";
import {
  AI_REPLY_RETRY_LIMIT,
  CONTACT_IMPORT_RETRY_LIMIT,
  enqueueMediaFetch,
  MEDIA_FETCH_RETRY_LIMIT,
  OUTBOUND_RETRY_LIMIT,
  QUEUES,
  queue,
  stopWithQueue,
  WEBHOOK_RETRY_LIMIT,
} from "./queue";

function summarize(outcomes: string[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts].map(([outcome, n]) => `${n} ${outcome}`).join(", ");
}

/**
 * A batch handler whose jobs run side by side, each settled on its own: one
 * job's failure is retried alone and never makes the others of its batch run again.
 */
function settleEach<T>(boss: PgBoss, name: string, run: (job: PgBoss.JobWithMetadata<T>) => Promise<void>) {
  return async (jobs: PgBoss.JobWithMetadata<T>[]) => {
    await Promise.all(
      jobs.map(async (job) => {
        try {
          await run(job);
        } catch (error) {
          await boss.fail(name, job.id, { message: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
  };
}

/** Runs every minute, on one worker at a time. */
export async function runRecoverySweep() {
  const ids = await dueWebhookEvents(500);
  if (ids.length > 0) {
    console.log(`[jobs] recovering ${ids.length} webhook events: ${summarize(await processWebhookEvents(ids))}`);
  }
  await enqueueMediaFetch(await staleMediaMessages(120, 500));
  await queueAssistantReplies(await conversationsAwaitingAssistant(200));
}

/** Registers the handlers: in the Next.js server by default, or in `npm run worker`. */
export async function startJobWorker() {
  const boss = await queue();
  await boss.work(QUEUES.recovery, runRecoverySweep);
  await boss.work<{ messageId: string }>(QUEUES.mediaFetch, { batchSize: 4, includeMetadata: true }, async (jobs) => {
    for (const job of jobs) {
      await fetchMessageMedia(job.data.messageId, { finalAttempt: job.retryCount >= MEDIA_FETCH_RETRY_LIMIT });
    }
  });
  // An agent waits for the tick: poll often, and send a batch side by side (each send holds its row lock).
  await boss.work<{ messageId: string }>(
    QUEUES.outboundSend,
    { batchSize: 5, pollingIntervalSeconds: 0.5, includeMetadata: true },
    async (jobs) => {
      await Promise.all(
        jobs.map((job) => sendOutboundMessage(job.data.messageId, { finalAttempt: job.retryCount >= OUTBOUND_RETRY_LIMIT })),
      );
    },
  );
  // Model calls take seconds: several side by side.
  await boss.work<{ conversationId: string }>(
    QUEUES.aiReply,
    { batchSize: 4, pollingIntervalSeconds: 1, includeMetadata: true },
    settleEach(boss, QUEUES.aiReply, async (job) => {
      const result = await answerConversation(job.data.conversationId, { finalAttempt: job.retryCount >= AI_REPLY_RETRY_LIMIT });
      if (result.outcome === "waiting") {
        await boss.send(QUEUES.aiReply, job.data, { singletonKey: job.data.conversationId, startAfter: result.retryInSeconds });
      }
    }),
  );
  // Receivers answer slowly or not at all: several deliveries side by side.
  await boss.work<{ deliveryId: string }>(
    QUEUES.webhookDeliver,
    { batchSize: 8, pollingIntervalSeconds: 1, includeMetadata: true },
    settleEach(boss, QUEUES.webhookDeliver, async (job) => {
      await deliverWebhook(job.data.deliveryId, { finalAttempt: job.retryCount >= WEBHOOK_RETRY_LIMIT });
    }),
  );
  await boss.work(QUEUES.webhookPrune, async () => {
    const deleted = await pruneWebhookLog();
    if (deleted > 0) console.log(`[jobs] deleted ${deleted} outbound webhook events past their retention`);
  });
  await boss.work(QUEUES.webhookEventsPrune, async () => {
    const deleted = await pruneWebhookEvents();
    if (deleted > 0) logger.info({ deleted }, "deleted inbound webhook events past their retention");
  });
  // It queues deliveries: it stops before pg-boss does, so a late tick cannot start the queue again.
  stopWithQueue(startOutboxDispatcher());
  await boss.work<{ messageId: string }>(QUEUES.readReceipt, { batchSize: 8, pollingIntervalSeconds: 1 }, async (jobs) => {
    await Promise.all(jobs.map((job) => sendReadReceipt(job.data.messageId)));
  });
  // A long import yields every few minutes and queues its rest, so no single job outlives its expiry.
  await boss.work<{ importId: string }>(QUEUES.contactImport, { pollingIntervalSeconds: 1, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    try {
      const result = await runContactImport(job.data.importId, { until: new Date(Date.now() + 5 * 60_000) });
      if (result === "more") await boss.send(QUEUES.contactImport, job.data, { singletonKey: job.data.importId });
    } catch (error) {
      if (job.retryCount >= CONTACT_IMPORT_RETRY_LIMIT) {
        await failImport(job.data.importId, "The import stopped because of an error. The rows imported so far are kept.");
      }
      throw error;
    }
  });
  await boss.work<{ channelId?: string }>(QUEUES.templateSync, async ([job]) => {
    const channels = job?.data?.channelId ? [job.data.channelId] : await activeChannelIds();
    for (const channelId of channels) {
      await syncChannelTemplates(channelId).catch((error) =>
        console.error(`[jobs] template sync of channel ${channelId} failed: ${error instanceof Error ? error.message : error}`),
      );
    }
  });
}
