import "server-only";
import { z } from "zod";
import { defineJob } from "@/server/jobs/define";
import { errorMessage, logger } from "@/server/log";
import { channelsDueForLimitRead, forgetOldBusinessConversations, readMessagingLimit } from "./limits";

/**
 * Every six hours: each number's messaging-limit tier from its provider
 * (Meta raises it as a number sends well, lowers it on poor quality), and
 * the business-initiated conversations that left the 24-hour window.
 */
export const messagingLimitJob = defineJob({
  name: "channels.messaging-limit",
  payload: z.object({}),
  options: { policy: "singleton", retryLimit: 2, retryDelay: 300 },
  schedule: "41 */6 * * *",
  run: async () => {
    await forgetOldBusinessConversations();
    for (const channelId of await channelsDueForLimitRead(6)) {
      await readMessagingLimit(channelId).catch((error) =>
        logger.warn({ channelId, error: errorMessage(error) }, "reading a number's messaging limit failed"),
      );
    }
  },
});
