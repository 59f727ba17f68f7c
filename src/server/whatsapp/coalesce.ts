import "server-only";

/**
 * Turns many small concurrent requests into few batched ones: what is
 * submitted while `lanes` batches are already in flight waits and leaves
 * with the next batch. When the database is quick, batches are one item
 * long and nothing waits; under load they grow by themselves, and the cost
 * of a round trip, a transaction and a commit is shared by the whole batch.
 *
 * `gatherMs` lets a batch that would start on an idle lane wait that long
 * for company first (unless it is already full): for work nobody is waiting
 * on, such as processing after the ack.
 *
 * `run` answers item by item, in order; if it throws, every item of that
 * batch is rejected with the error.
 */
export function coalesce<In, Out>(
  run: (items: In[]) => Promise<Out[]>,
  options: { lanes: number; maxBatch: number; gatherMs?: number },
): (item: In) => Promise<Out> {
  const waiting: { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  let running = 0;
  let timer:
    | { kind: "timeout"; handle: ReturnType<typeof setTimeout> }
    | { kind: "immediate"; handle: ReturnType<typeof setImmediate> }
    | null = null;

  const start = () => {
    timer = null;
    while (running < options.lanes && waiting.length > 0) {
      const batch = waiting.splice(0, options.maxBatch);
      running++;
      void run(batch.map((entry) => entry.item))
        .then(
          (outs) => {
            batch.forEach((entry, i) => {
              entry.resolve(outs[i] as Out);
            });
          },
          (error: unknown) => {
            for (const entry of batch) entry.reject(error);
          },
        )
        .finally(() => {
          running--;
          schedule(false);
        });
    }
  };

  const schedule = (fresh: boolean) => {
    if (timer !== null || running >= options.lanes || waiting.length === 0) return;
    // Items submitted in the same turn of the event loop (requests read from the same poll) travel together;
    // fresh work may wait a little longer for more.
    const gather = fresh && options.gatherMs && waiting.length < options.maxBatch ? options.gatherMs : 0;
    timer = gather > 0 ? { kind: "timeout", handle: setTimeout(start, gather) } : { kind: "immediate", handle: setImmediate(start) };
  };

  return (item) =>
    new Promise<Out>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (timer?.kind === "timeout" && waiting.length >= options.maxBatch) {
        // Full: no reason to wait any longer.
        clearTimeout(timer.handle);
        timer = null;
      }
      schedule(true);
    });
}
