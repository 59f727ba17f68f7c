import "server-only";
import { coalesce, PROCESS_LIMITS } from "@/server/process-state";
import { type ProcessOutcome, processWebhookEvents, type ReadEvent } from "./process-event";

/**
 * The processing that follows an ack, in this process: one lane, so it
 * holds at most one database connection and the acks keep the rest of the
 * pool; and batched, so what arrives while a batch is being written goes
 * into the next one (a few events at a trickle, hundreds under a burst).
 * A batch starting on an idle lane starts at once: the agents' open inboxes
 * wait on it (the live push follows its commit), and under load batches
 * grow by themselves while the lane is busy. (Module state is one per
 * process: the webhook routes' bundles share one module registry.)
 */
const processQueued = coalesce<ReadEvent | number, ProcessOutcome>(
  (items) =>
    processWebhookEvents(
      items.map((item) => (typeof item === "number" ? item : item.id)),
      items.filter((item): item is ReadEvent => typeof item !== "number"),
    ),
  PROCESS_LIMITS.inlineProcessing,
);

/** Processes events just stored (read events when the body was already read, ids otherwise). */
export async function processInline(events: (ReadEvent | number)[]): Promise<ProcessOutcome[]> {
  // Beyond the backlog's limit new events are left to the recovery sweep instead of queueing in memory.
  if (processQueued.pending + events.length > processQueued.maxWaiting) return events.map(() => "skipped");
  return Promise.all(events.map(processQueued));
}
