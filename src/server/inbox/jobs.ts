import "server-only";
import { z } from "zod";
import { DEAD_LETTERS, defineJob } from "@/server/jobs/define";
import { enqueue } from "@/server/jobs/enqueue";
import { type SendOutcome, sendOutboundMessage, sendReadReceipt } from "./delivery";

const messagePayload = z.object({ messageId: z.uuid() });

/**
 * One job per outbound message: send it through the channel's provider, at
 * the number's pace (delivery.ts). A message that must wait its turn (an
 * older one of its conversation unsent, the number slowed or at its
 * messaging limit) queues its job again for later instead of failing an attempt.
 */
export const sendMessageJob = defineJob({
  name: "outbound.send",
  payload: messagePayload,
  // "stately": at most one queued and one running job per message, so a retried action cannot stack sends.
  // A send takes at most the provider's 30 s plus its turn: a job left by a killed worker runs again after 2 minutes.
  options: { policy: "stately", retryLimit: 6, retryDelay: 2, retryBackoff: true, deadLetter: DEAD_LETTERS, expireInSeconds: 120 },
  singletonKey: ({ messageId }) => messageId,
  // Sends wait on the provider (~150 ms) and their number's slots, not on the CPU: many side by side,
  // in several fetch loops so a slow send holds back only its own batch. An agent waits for the tick: poll often.
  work: { batchSize: 25, loops: 12, pollingIntervalSeconds: 0.5 },
  run: ({ messageId }, { finalAttempt }): Promise<SendOutcome> =>
    sendOutboundMessage(messageId, {
      finalAttempt,
      defer: (seconds): Promise<void> => enqueue(sendMessageJob, { messageId }, { startAfter: seconds }),
    }),
});

/** One job per conversation read: tell WhatsApp the newest inbound message was read. */
export const readReceiptJob = defineJob({
  name: "outbound.read-receipt",
  payload: messagePayload,
  options: { policy: "stately", retryLimit: 3, retryDelay: 5, retryBackoff: true },
  singletonKey: ({ messageId }) => messageId,
  work: { batchSize: 8, pollingIntervalSeconds: 1 },
  run: ({ messageId }) => sendReadReceipt(messageId),
});
