import "server-only";
import { z } from "zod";
import { defineJob } from "@/server/jobs/define";
import { errorMessage, logger } from "@/server/log";
import { activeChannelIds, syncChannelTemplates } from "./sync";

/**
 * Each channel's templates from its provider: when a number is connected,
 * when an admin presses "Sync now" (with the channel), and once a day for
 * all. Daily, not hourly: review and quality changes arrive as webhooks
 * within seconds; the daily pass only catches what Meta sends no webhook
 * for (templates edited or deleted in WhatsApp Manager) and webhooks lost.
 */
export const templateSyncJob = defineJob({
  name: "templates.sync",
  payload: z.object({ channelId: z.uuid().optional() }),
  options: { policy: "singleton", retryLimit: 2, retryDelay: 60 },
  singletonKey: ({ channelId }) => channelId,
  schedule: "17 3 * * *",
  run: async ({ channelId }) => {
    if (channelId) {
      // One channel, asked for: a failure is retried (and shown by the page's "last synced").
      await syncChannelTemplates(channelId);
      return;
    }
    for (const id of await activeChannelIds()) {
      await syncChannelTemplates(id).catch((error) =>
        logger.error({ channelId: id, error: errorMessage(error) }, "template sync of a channel failed"),
      );
    }
  },
});
