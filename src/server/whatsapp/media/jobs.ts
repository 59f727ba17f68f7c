import "server-only";
import { z } from "zod";
import { DEAD_LETTERS, defineJob } from "@/server/jobs/define";
import { fetchMessageMedia } from "./fetch-media";

/** One job per message with media: download it from the provider into storage (queued again harmlessly: the job checks the media's state). */
export const mediaFetchJob = defineJob({
  name: "media.fetch",
  payload: z.object({ messageId: z.uuid() }),
  options: { retryLimit: 5, retryDelay: 10, retryBackoff: true, deadLetter: DEAD_LETTERS },
  singletonKey: ({ messageId }) => messageId,
  // A download is held in memory until stored: the jobs of a batch run one after another.
  work: { batchSize: 4, oneAtATime: true },
  run: ({ messageId }, { finalAttempt }) => fetchMessageMedia(messageId, { finalAttempt }),
});
