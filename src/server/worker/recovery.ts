import "server-only";
import { z } from "zod";
import { conversationsAwaitingAssistant, queueAssistantReplies } from "@/server/ai/jobs";
import { requeueStalledSends } from "@/server/inbox/jobs";
import { dueWebhookEvents, processWebhookEvents } from "@/server/ingest/process-event";
import { DEAD_LETTERS, defineJob } from "@/server/jobs/define";
import { enqueueMany } from "@/server/jobs/enqueue";
import { logger } from "@/server/log";
import { staleMediaMessages } from "@/server/whatsapp/media/fetch-media";
import { mediaFetchJob } from "@/server/whatsapp/media/jobs";

/** How many events ended in each outcome ({ processed: 3, failed: 1 }). */
function countOutcomes(outcomes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

/**
 * Every minute, on one worker at a time: stored webhook events never
 * processed (crash, deploy) or failed and due again, media still pending,
 * outbound messages whose send job a dead worker held, and AI replies
 * whose job was lost. It spans capabilities, so it lives
 * here, in the composition root, rather than in any one of them.
 */
export const recoveryJob = defineJob({
  name: "webhooks.recover",
  payload: z.object({}),
  options: { policy: "singleton", retryLimit: 3, retryBackoff: true, deadLetter: DEAD_LETTERS },
  schedule: "* * * * *",
  run: async () => {
    const ids = await dueWebhookEvents(500);
    if (ids.length > 0) {
      logger.info({ events: ids.length, outcomes: countOutcomes(await processWebhookEvents(ids)) }, "recovered webhook events");
    }
    const stale = await staleMediaMessages(120, 500);
    await enqueueMany(
      mediaFetchJob,
      stale.map((messageId) => ({ messageId })),
    );
    const stalled = await requeueStalledSends();
    if (stalled > 0) logger.info({ messages: stalled }, "queued again the sends a stopped worker held");
    await queueAssistantReplies(await conversationsAwaitingAssistant(200));
  },
});
