import "server-only";
import type PgBoss from "pg-boss";
import type { z } from "zod";

/** Where jobs go after their last failed attempt (queues that name it in `deadLetter`). */
export const DEAD_LETTERS = "dead-letters";

/** What a run knows about its job besides the payload. */
export interface RunContext {
  jobId: string;
  /** Attempts before this one. */
  retryCount: number;
  /** No retry follows if this attempt throws (retryCount has reached the queue's retryLimit). */
  finalAttempt: boolean;
}

/** A job's payload is always an object (pg-boss stores a job sent without data as null, read as {}). */
export type PayloadSchema = z.ZodType<object, object>;

export interface JobDefinition<S extends PayloadSchema = PayloadSchema> {
  /** The pg-boss queue name: fixed, since queued jobs carry it. */
  name: string;
  /** Parsed when the job is enqueued and again when it runs. */
  payload: S;
  /** The queue's options (policy, retries, dead letter, expiry), created as given. */
  options: Omit<PgBoss.Queue, "name">;
  /** pg-boss's singleton key: with the "stately"/"singleton" policies, one queued (and one running) job per key. */
  singletonKey?(payload: z.output<S>): string | undefined;
  /** Cron expression: pg-boss queues the job on this schedule, once across all instances. */
  schedule?: string;
  /**
   * How the worker fetches: jobs per fetch, polling interval, whether a batch runs one job at a time, and
   * how many fetch loops work the queue side by side in one process (default 1; pg-boss fetches a loop's
   * next batch when its last one is done). Or `concurrency`: up to that many jobs run at once, more
   * fetched (batchSize at a time) as runs end, so no job waits for another's batch (work.ts).
   */
  work?: PgBoss.JobPollingOptions & { batchSize?: number; oneAtATime?: boolean; loops?: number; concurrency?: number };
  /** The work. Throwing fails the attempt (retried while attempts remain); returning completes it. */
  run(payload: z.output<S>, context: RunContext): Promise<unknown>;
}

/**
 * One job, defined once: its queue, payload schema, options and run. The
 * worker's registry lists every definition; `enqueue(definition, payload)`
 * takes the payload its schema describes.
 */
export function defineJob<S extends PayloadSchema>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
