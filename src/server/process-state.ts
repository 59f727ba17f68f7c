import "server-only";

/**
 * Everything one server process keeps in memory between requests, in one
 * place, each piece with its limit. Postgres is the only stateful service
 * (DESIGN 1): what is here is a cache or a queue whose loss costs time,
 * never data, so several instances and restarts stay correct.
 *
 * - `canonicalPhones` (cache, 50,000 wa_ids): wa_id → E.164, so a batch does
 *   not run libphonenumber again for numbers it saw a moment ago.
 * - `channelRoutes` (cache, 10,000 routing keys, 5 s): the channels a
 *   webhook's ids route to, kept off the ack path for a busy number; short,
 *   so a disconnected channel stops receiving almost at once.
 * - `webhookAcks` (queue, 2 lanes × 200 requests, 10,000 waiting): the raw
 *   inserts of concurrent webhook requests, sharing one INSERT and commit.
 * - `inlineProcessing` (queue, 1 lane × 250 events, 50,000 waiting — the
 *   webhook backlog): processing right after the ack; beyond the limit
 *   events are left to the minute's recovery sweep instead.
 * - `sendPace` (cache, 10,000 numbers): the send slots this process took
 *   from a number's shared pace row and has not used yet (whatsapp/sending).
 * - `sendLoads`, `sendClaims`, `sendRecords` (queues, 2 lanes × 500 sends,
 *   20,000 waiting): the outbound sender's reads of the messages to send,
 *   its committed claims and its records of WhatsApp's answers, one
 *   statement for every send in flight at that moment (inbox/delivery.ts).
 *
 * Connection singletons (the postgres pool, pg-boss, the LISTEN hub, the
 * media store) are resources rather than state and stay with their owners.
 * Caches come from `processCache(name)`, queues from `coalesce(run,
 * PROCESS_LIMITS.<name>)`. Tests call `resetProcessState()` between cases
 * that must not see each other's caches.
 */
export const PROCESS_LIMITS = {
  canonicalPhones: { entries: 50_000 },
  channelRoutes: { entries: 10_000, ttlMs: 5_000 },
  sendPace: { entries: 10_000 },
  webhookAcks: { lanes: 2, maxBatch: 200, maxWaiting: 10_000 },
  inlineProcessing: { lanes: 1, maxBatch: 250, maxWaiting: 50_000 },
  sendLoads: { lanes: 2, maxBatch: 500, maxWaiting: 20_000 },
  sendClaims: { lanes: 2, maxBatch: 500, maxWaiting: 20_000 },
  sendRecords: { lanes: 2, maxBatch: 500, maxWaiting: 20_000, gatherMs: 10 },
} as const;

/**
 * A map that keeps at most `entries` keys, forgetting the least recently
 * used first (a Map iterates in insertion order; a hit re-inserts its key),
 * and, with `ttlMs`, treats older entries as absent.
 */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, { value: V; at: number }>();
  constructor(private readonly limits: { entries: number; ttlMs?: number }) {}

  get(key: K, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (this.limits.ttlMs !== undefined && now - entry.at >= this.limits.ttlMs) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V, now = Date.now()) {
    this.#entries.delete(key);
    if (this.#entries.size >= this.limits.entries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, at: now });
  }

  delete(key: K) {
    this.#entries.delete(key);
  }

  get size() {
    return this.#entries.size;
  }

  clear() {
    this.#entries.clear();
  }
}

/** Thrown to a submission that finds its queue full. */
export class QueueFullError extends Error {}

export interface BatchQueue<In, Out> {
  (item: In): Promise<Out>;
  /** Items submitted and not yet answered (waiting or in a batch in flight). */
  readonly pending: number;
  readonly maxWaiting: number;
}

/**
 * Turns many small concurrent requests into few batched ones: what is
 * submitted while `lanes` batches are already in flight waits and leaves
 * with the next batch. When the database is quick, batches are one item
 * long and nothing waits; under load they grow by themselves, and the cost
 * of a round trip, a transaction and a commit is shared by the whole batch.
 *
 * `gatherMs` lets a batch that would start on an idle lane wait that long
 * for company first (unless it is already full): for work nobody is waiting
 * on, such as recording WhatsApp's answers to sends. Beyond `maxWaiting`
 * items waiting, a submission is refused at once with QueueFullError.
 *
 * `run` answers item by item, in order; if it throws, every item of that
 * batch is rejected with the error.
 */
export function coalesce<In, Out>(
  run: (items: In[]) => Promise<Out[]>,
  options: { lanes: number; maxBatch: number; maxWaiting: number; gatherMs?: number },
): BatchQueue<In, Out> {
  const waiting: { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  let running = 0;
  let inFlight = 0;
  let timer:
    | { kind: "timeout"; handle: ReturnType<typeof setTimeout> }
    | { kind: "immediate"; handle: ReturnType<typeof setImmediate> }
    | null = null;

  const start = () => {
    timer = null;
    while (running < options.lanes && waiting.length > 0) {
      const batch = waiting.splice(0, options.maxBatch);
      running++;
      inFlight += batch.length;
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
          inFlight -= batch.length;
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

  const submit = (item: In) =>
    new Promise<Out>((resolve, reject) => {
      if (waiting.length >= options.maxWaiting) {
        reject(new QueueFullError(`queue full (${waiting.length} waiting)`));
        return;
      }
      waiting.push({ item, resolve, reject });
      if (timer?.kind === "timeout" && waiting.length >= options.maxBatch) {
        // Full: no reason to wait any longer.
        clearTimeout(timer.handle);
        timer = null;
      }
      schedule(true);
    });
  resets.add(() => {
    // Batches in flight finish; what has not left yet is refused.
    for (const entry of waiting.splice(0)) entry.reject(new QueueFullError("process state reset"));
  });
  return Object.defineProperties(submit, {
    pending: { get: () => waiting.length + inFlight },
    maxWaiting: { value: options.maxWaiting },
  }) as BatchQueue<In, Out>;
}

const resets = new Set<() => void>();
const caches = new Map<keyof typeof CACHE_LIMITS, BoundedMap<unknown, unknown>>();
const CACHE_LIMITS = {
  canonicalPhones: PROCESS_LIMITS.canonicalPhones,
  channelRoutes: PROCESS_LIMITS.channelRoutes,
  sendPace: PROCESS_LIMITS.sendPace,
};

/** One of the process's caches (named above), made on first use; its owner states the key and value types. */
export function processCache<K, V>(name: keyof typeof CACHE_LIMITS): BoundedMap<K, V> {
  let cache = caches.get(name);
  if (!cache) {
    const made = new BoundedMap<unknown, unknown>(CACHE_LIMITS[name]);
    resets.add(() => made.clear());
    caches.set(name, made);
    cache = made;
  }
  return cache as BoundedMap<K, V>;
}

/** Forgets every cache and refuses every queued item that has not left yet (tests). */
export function resetProcessState() {
  for (const reset of resets) reset();
}
