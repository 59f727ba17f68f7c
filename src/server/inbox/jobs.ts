import "server-only";
import { z } from "zod";
import { DEAD_LETTERS, defineJob } from "@/server/jobs/define";
import { sendOutboundMessage, sendReadReceipt } from "./delivery";

const messagePayload = z.object({ messageId: z.uuid() });

/** One job per outbound message: send it through the channel's provider. */
export const sendMessageJob = defineJob({
  name: "outbound.send",
  payload: messagePayload,
  // "stately": at most one queued and one running job per message, so a retried action cannot stack sends.
  options: { policy: "stately", retryLimit: 6, retryDelay: 2, retryBackoff: true, deadLetter: DEAD_LETTERS },
  singletonKey: ({ messageId }) => messageId,
  // An agent waits for the tick: poll often, and send a batch side by side (each send holds its row lock).
  work: { batchSize: 5, pollingIntervalSeconds: 0.5 },
  run: ({ messageId }, { finalAttempt }) => sendOutboundMessage(messageId, { finalAttempt }),
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
