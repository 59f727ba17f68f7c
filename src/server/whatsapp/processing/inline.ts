import "server-only";
import { coalesce } from "../coalesce";
import { type ProcessOutcome, processWebhookEvents, type ReadEvent } from "./process-event";

/**
 * The processing that follows an ack, in this process: one lane, so it
 * holds at most one database connection and the acks keep the rest of the
 * pool; and batched, so what arrives while a batch is being written goes
 * into the next one (a few events at a trickle, hundreds under a burst).
 * A batch starting on an idle lane first gathers for 20 ms: nobody waits on
 * it (the provider has its answer), and a statement shared by ten messages
 * costs a tenth of the round trips. (Module state is one per process: the
 * webhook routes' bundles share one module registry.)
 */
const processQueued = coalesce<ReadEvent | number, ProcessOutcome>(
  (items) =>
    processWebhookEvents(
      items.map((item) => (typeof item === "number" ? item : item.id)),
      items.filter((item): item is ReadEvent => typeof item !== "number"),
    ),
  { lanes: 1, maxBatch: 250, gatherMs: 20 },
);

/** Beyond this backlog new events are left to the recovery sweep instead of queueing in memory. */
const BACKLOG_LIMIT = 50_000;
let backlog = 0;

/** Processes events just stored (read events when the body was already read, ids otherwise). */
export async function processInline(events: (ReadEvent | number)[]): Promise<ProcessOutcome[]> {
  if (backlog + events.length > BACKLOG_LIMIT) return events.map(() => "skipped");
  backlog += events.length;
  try {
    return await Promise.all(events.map(processQueued));
  } finally {
    backlog -= events.length;
  }
}
