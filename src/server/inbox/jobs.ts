import "server-only";
import { z } from "zod";
import { db } from "@/server/db/client";
import { DEAD_LETTERS, defineJob } from "@/server/jobs/define";
import { enqueue } from "@/server/jobs/enqueue";
import { requeueStalledJobs } from "@/server/jobs/stalled";
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
  // Sends wait on the provider (~150 ms) and their number's slots, not on the CPU: thousands side by side (their
  // reads, claims and records share statements, delivery.ts), more fetched as they end, so a send waiting for
  // its busy number's slot holds back no other number's (broadcasts queue only a few seconds of each number's
  // sends ahead, broadcasts/run.ts). An agent waits for the tick: poll often.
  work: { concurrency: 4000, batchSize: 250, pollingIntervalSeconds: 0.5 },
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

/** How long a send job may stay taken by a worker before its message, still unsent, is given to another. */
export const STALLED_SEND_SECONDS = 60;

/**
 * Send jobs a dead worker held, put back by the minute's sweep
 * (requeueStalledJobs) while their message is still unsent. One that a
 * live worker still holds (waiting its number's turn that long) may then
 * run twice: the claim lets one of the two send. A message the dead worker
 * had claimed comes back too: its run finds it in doubt and sends it only
 * when the evidence releases it (delivery.ts). Returns how many were put back.
 */
export function requeueStalledSends(options: { now?: Date; limit?: number } = {}): Promise<number> {
  return requeueStalledJobs(sendMessageJob.name, STALLED_SEND_SECONDS, {
    ...options,
    stillNeeded: db()`exists (select 1 from public.messages m
                              where m.id::text = j.singleton_key and m.status = 'pending' and m.direction = 'outbound' and m.wamid is null)`,
  });
}
