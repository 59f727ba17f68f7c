import "server-only";
import PgBoss from "pg-boss";
import type { Tx } from "@/server/db/client";
import { directDatabaseUrl, env } from "@/server/env";
import { errorMessage, logger } from "@/server/log";
import type { JobDefinition } from "./define";

/**
 * Background work runs on pg-boss, a Postgres job queue (SKIP LOCKED, so any
 * number of workers share it): retries with backoff, a dead-letter queue,
 * and cron schedules that fire once across all instances. Jobs are defined
 * beside their capability (defineJob) and listed in src/server/worker/registry.ts.
 */
/** pg-boss's tables live in this schema. */
export const QUEUE_SCHEMA = "pgboss";

const globalForJobs = globalThis as unknown as { conversaBoss?: Promise<PgBoss> };

/** Per queue connection: the queues this process has created (a fresh database in tests starts without them). */
const createdQueues = new WeakMap<PgBoss, Map<string, Promise<void>>>();

async function start(): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: directDatabaseUrl(),
    schema: QUEUE_SCHEMA,
    application_name: "conversa-jobs",
    max: env().JOBS_POOL_MAX,
  });
  // pg-boss reports connection losses (e.g. Postgres stopping on Ctrl-C) here; one line is enough.
  boss.on("error", (error) => logger.error(`job queue: ${errorMessage(error)}`));
  await boss.start();
  return boss;
}

/** The process's queue connection, started once (sending needs it too, not only working). */
export function queue(): Promise<PgBoss> {
  globalForJobs.conversaBoss ??= start().catch((error) => {
    globalForJobs.conversaBoss = undefined;
    throw error;
  });
  return globalForJobs.conversaBoss;
}

/**
 * Creates the job's queue (and the dead-letter queue it names) once per
 * process, before its first job is sent or worked: pg-boss refuses jobs
 * for a queue it does not know. An existing queue is left as it is.
 */
export function ensureQueue(boss: PgBoss, job: Pick<JobDefinition, "name" | "options">): Promise<void> {
  const created = createdQueues.get(boss) ?? new Map<string, Promise<void>>();
  createdQueues.set(boss, created);
  const once = (name: string, create: () => Promise<void>) => {
    let done = created.get(name);
    if (!done) {
      done = create().catch((error) => {
        created.delete(name);
        throw error;
      });
      created.set(name, done);
    }
    return done;
  };
  return once(job.name, async () => {
    const { deadLetter } = job.options;
    if (deadLetter) await once(deadLetter, () => boss.createQueue(deadLetter));
    await boss.createQueue(job.name, { name: job.name, ...job.options });
  });
}

/**
 * pg-boss's statements run through a transaction of ours, so they commit or
 * roll back with it. pg-boss leaves optional parameters undefined; postgres.js wants null.
 */
export function throughTransaction(tx: Tx): PgBoss.Db {
  return {
    executeSql: async (text, values) => ({
      rows: await tx.unsafe(
        text,
        values.map((v) => v ?? null),
      ),
    }),
  };
}

const stopFirst = new Set<() => void | Promise<void>>();

/**
 * Work of the worker outside pg-boss's own loops (the outbox dispatcher,
 * continuous job fetching) that must end before the queue does; a stop
 * that returns a promise is waited for (its running jobs finishing).
 */
export function stopWithQueue(stop: () => void | Promise<void>) {
  stopFirst.add(stop);
}

export async function stopQueue() {
  const stopping = [...stopFirst].map((stop) => stop());
  stopFirst.clear();
  await Promise.all(stopping);
  const boss = await globalForJobs.conversaBoss;
  globalForJobs.conversaBoss = undefined;
  await boss?.stop({ graceful: true, wait: true });
}
