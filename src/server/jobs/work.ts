import "server-only";
import type PgBoss from "pg-boss";
import { db } from "@/server/db/client";
import { errorMessage, logger, withLogContext } from "@/server/log";
import { coalesce } from "@/server/process-state";
import type { JobDefinition } from "./define";
import { ensureQueue, QUEUE_SCHEMA, stopWithQueue, throughTransaction } from "./queue";

/**
 * Fails a job for good, without the retries its queue allows: its retry
 * limit is lowered to the attempts made, then pg-boss's own fail settles it
 * (state failed, copied to the queue's dead letter), in one transaction.
 * pg-boss 10 has no call for "fail, do not retry".
 */
async function failWithoutRetry(boss: PgBoss, name: string, id: string, output: object) {
  await db().begin(async (tx) => {
    await tx`update ${tx(QUEUE_SCHEMA)}.job set retry_limit = retry_count where name = ${name} and id = ${id}`;
    await boss.fail(name, id, output, { db: throughTransaction(tx) });
  });
}

/**
 * One job of a fetched batch, settled on its own: a payload its schema
 * refuses fails at once (retrying cannot fix it); a run that throws fails
 * this attempt only, and pg-boss retries it while attempts remain.
 */
async function runOne(
  boss: PgBoss,
  definition: JobDefinition,
  job: PgBoss.JobWithMetadata<unknown>,
  complete: (id: string) => Promise<unknown>,
) {
  await withLogContext({ job: definition.name }, async () => {
    const parsed = definition.payload.safeParse(job.data ?? {});
    if (!parsed.success) {
      // The issues name the fields and what was expected, not the values.
      const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`);
      logger.error({ jobId: job.id, issues }, "malformed payload: job failed without retry");
      await failWithoutRetry(boss, definition.name, job.id, { message: `Malformed payload: ${issues.join("; ")}` });
      return;
    }
    const finalAttempt = job.retryCount >= (definition.options.retryLimit ?? 0);
    logger.debug({ jobId: job.id, retryCount: job.retryCount }, "job started");
    try {
      await definition.run(parsed.data, { jobId: job.id, retryCount: job.retryCount, finalAttempt });
      logger.debug({ jobId: job.id }, "job done");
      await complete(job.id);
    } catch (error) {
      logger[finalAttempt ? "error" : "warn"](
        { jobId: job.id, retryCount: job.retryCount, error: errorMessage(error) },
        finalAttempt ? "job failed after its last attempt" : "job failed; it will be retried",
      );
      await boss.fail(definition.name, job.id, error instanceof Error ? error : { message: String(error) });
    }
  });
}

/** How long a stopping worker waits for the jobs it runs (pg-boss's graceful stop waits as long for its own). */
const STOP_WAIT_MS = 30_000;

/**
 * Keeps up to `concurrency` jobs of the queue running, fetching more as
 * runs end (at least `batchSize` at a time, or whatever is there when a
 * poll comes), so a slow job holds back no other, unlike pg-boss's loops,
 * each of which fetches its next batch only once all of its last one is
 * done. Stops with the queue: no more fetches, and the running jobs are
 * waited for.
 */
function workContinuously(
  boss: PgBoss,
  definition: JobDefinition,
  options: { concurrency: number; batchSize: number; pollingIntervalSeconds: number },
  complete: (id: string) => Promise<unknown>,
) {
  const { concurrency, batchSize, pollingIntervalSeconds } = options;
  const running = new Set<Promise<void>>();
  let stopped = false;
  // Set while the loop waits for room: the run that frees a batch's worth wakes it before the poll comes.
  let wakeForRoom: (() => void) | null = null;
  const pause = (ms: number, forRoom: boolean) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeForRoom = forRoom
        ? () => {
            clearTimeout(timer);
            resolve();
          }
        : null;
    }).finally(() => {
      wakeForRoom = null;
    });
  const loop = (async () => {
    while (!stopped) {
      const asked = Math.min(concurrency - running.size, batchSize);
      let jobs: PgBoss.JobWithMetadata<unknown>[] = [];
      try {
        if (asked > 0) jobs = await boss.fetch<unknown>(definition.name, { batchSize: asked, includeMetadata: true });
      } catch (error) {
        // The database away for a moment: ask again at the next poll (a loop that ended here would send nothing until a restart).
        logger.error({ job: definition.name, error: errorMessage(error) }, "fetching jobs failed; trying again");
        await pause(pollingIntervalSeconds * 1000, false);
        continue;
      }
      for (const job of jobs) {
        const run = runOne(boss, definition, job, complete)
          // Settling the job failed (the database gone): it expires and runs again.
          .catch((error) => logger.error({ job: definition.name, jobId: job.id, error: errorMessage(error) }, "job not settled"))
          .finally(() => {
            running.delete(run);
            if (concurrency - running.size >= batchSize) wakeForRoom?.();
          });
        running.add(run);
      }
      // A full batch says more may be waiting: fetch again as soon as there is room for another; otherwise poll.
      const more = asked === 0 || jobs.length === asked;
      if (!more) await pause(pollingIntervalSeconds * 1000, false);
      else if (concurrency - running.size < batchSize) await pause(pollingIntervalSeconds * 1000, true);
    }
  })().catch((error) => logger.error({ job: definition.name, error: errorMessage(error) }, "job fetching stopped"));
  stopWithQueue(async () => {
    stopped = true;
    await loop;
    await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
  });
}

/** Creates the job's queue and schedule and starts working it in this process. */
export async function workJobs(boss: PgBoss, definition: JobDefinition) {
  await ensureQueue(boss, definition);
  if (definition.schedule) await boss.schedule(definition.name, definition.schedule);
  const { oneAtATime, loops = 1, concurrency, ...fetch } = definition.work ?? {};
  // Each job completes when its run ends, not with the rest of its batch: a job that queued itself again
  // (stately: one active and one queued per key) could not start while its first run still counts as active.
  // The completions of the moment share one statement; pg-boss's own completion of the batch then finds none left.
  const complete = coalesce(
    async (ids: string[]) => {
      await boss.complete(definition.name, ids);
      return ids.map(() => null);
    },
    { lanes: 1, maxBatch: 500, maxWaiting: 100_000 },
  );
  if (concurrency) {
    workContinuously(
      boss,
      definition,
      { concurrency, batchSize: fetch.batchSize ?? 100, pollingIntervalSeconds: fetch.pollingIntervalSeconds ?? 2 },
      complete,
    );
    return;
  }
  for (let loop = 0; loop < loops; loop++) {
    await boss.work<unknown>(definition.name, { ...fetch, includeMetadata: true }, async (jobs) => {
      if (oneAtATime) {
        for (const job of jobs) await runOne(boss, definition, job, complete);
      } else {
        await Promise.all(jobs.map((job) => runOne(boss, definition, job, complete)));
      }
    });
  }
}
