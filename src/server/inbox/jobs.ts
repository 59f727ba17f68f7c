import "server-only";
import { z } from "zod";
import { db } from "@/server/db/client";
import { DEAD_LETTERS, defineJob } from "@/server/jobs/define";
import { enqueue } from "@/server/jobs/enqueue";
import { QUEUE_SCHEMA } from "@/server/jobs/queue";
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
  // Sends wait on the provider (~150 ms) and their number's slots, not on the CPU: hundreds side by side (their
  // reads, claims and records share statements, delivery.ts), in several fetch loops so a slow send holds back
  // only its own batch. An agent waits for the tick: poll often.
  work: { batchSize: 100, loops: 8, pollingIntervalSeconds: 0.5 },
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
 * Send jobs taken by a worker that died (kill -9, a lost machine): pg-boss
 * runs such a job again only once it expires and its maintenance round
 * comes (minutes). The minute's sweep puts them back in the queue instead:
 * the job itself, since pg-boss allows one active job per message (stately)
 * and a second one queued beside a dead active one could never start. One
 * that a live worker still holds (waiting its number's turn that long) may
 * then run twice: the claim lets one of the two send. A message the dead
 * worker had claimed comes back too: its run finds it in doubt and sends it
 * only when the evidence releases it (delivery.ts). Returns how many were put back.
 */
export async function requeueStalledSends(options: { now?: Date; limit?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const schema = db()(QUEUE_SCHEMA);
  const rows = await db()<{ id: string }[]>`
    with stalled as (
      select j.id from ${schema}.job j
      join public.messages m on m.id::text = j.singleton_key
      where j.name = ${sendMessageJob.name} and j.state = 'active'
        and j.started_on < ${now}::timestamptz - make_interval(secs => ${STALLED_SEND_SECONDS})
        and m.status = 'pending' and m.direction = 'outbound' and m.wamid is null
      limit ${options.limit ?? 5000}
      for update of j skip locked)
    update ${schema}.job j
    -- A job queued for the same message meanwhile (a deferral) takes over; otherwise this one runs again.
    set state = (case when exists (select 1 from ${schema}.job s
                                   where s.name = j.name and s.singleton_key = j.singleton_key and s.state in ('created', 'retry'))
                      then 'cancelled' else 'retry' end)::${schema}.job_state,
        start_after = now()
    from stalled where j.name = ${sendMessageJob.name} and j.id = stalled.id
    returning j.id`;
  return rows.length;
}
