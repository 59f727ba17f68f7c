import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/server/env";

/**
 * Background work runs on pg-boss, a Postgres job queue (SKIP LOCKED, so any
 * number of workers share it): retries with backoff, a dead-letter queue,
 * and cron schedules that fire once across all instances.
 */
export const QUEUES = {
  /** Every minute: stored webhook events never processed (crash, deploy) or failed and due again; stale media. */
  recovery: "webhooks.recover",
  /** One job per message with media: download it from the provider into storage. */
  mediaFetch: "media.fetch",
  deadLetters: "dead-letters",
} as const;

export const MEDIA_FETCH_RETRY_LIMIT = 5;

const globalForJobs = globalThis as unknown as { conversaBoss?: Promise<PgBoss> };

async function start(): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: env().DATABASE_URL, schema: "pgboss", application_name: "conversa-jobs", max: 4 });
  // pg-boss reports connection losses (e.g. Postgres stopping on Ctrl-C) here; one line is enough.
  boss.on("error", (error) => console.error(`[jobs] ${error instanceof Error ? error.message : String(error)}`));
  await boss.start();
  await boss.createQueue(QUEUES.deadLetters);
  await boss.createQueue(QUEUES.recovery, {
    name: QUEUES.recovery,
    policy: "singleton",
    retryLimit: 3,
    retryBackoff: true,
    deadLetter: QUEUES.deadLetters,
  });
  await boss.createQueue(QUEUES.mediaFetch, {
    name: QUEUES.mediaFetch,
    retryLimit: MEDIA_FETCH_RETRY_LIMIT,
    retryDelay: 10,
    retryBackoff: true,
    deadLetter: QUEUES.deadLetters,
  });
  await boss.schedule(QUEUES.recovery, "* * * * *");
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

export async function stopQueue() {
  const boss = await globalForJobs.conversaBoss;
  globalForJobs.conversaBoss = undefined;
  await boss?.stop({ graceful: true, wait: true });
}

/** Queues a media download per message; a message already queued is harmless (the job checks its state). */
export async function enqueueMediaFetch(messageIds: string[]) {
  if (messageIds.length === 0) return;
  const boss = await queue();
  await boss.insert(messageIds.map((messageId) => ({ name: QUEUES.mediaFetch, data: { messageId }, singletonKey: messageId })));
}
