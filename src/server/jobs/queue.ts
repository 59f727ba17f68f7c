import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/server/env";
import { dueWebhookEvents, processWebhookEvents } from "@/server/whatsapp/processing/process-event";

/**
 * Background work runs on pg-boss, a Postgres job queue (SKIP LOCKED, so any
 * number of workers can share it): retries with backoff, a dead-letter
 * queue, and cron schedules that fire once across all instances.
 */
export const QUEUES = {
  /** Every minute: stored webhook events that were never processed (crash, deploy) or failed and are due again. */
  webhookRecovery: "webhooks.recover",
  deadLetters: "dead-letters",
} as const;

const globalForJobs = globalThis as unknown as { conversaBoss?: Promise<PgBoss> };

async function start(): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: env().DATABASE_URL, schema: "pgboss", application_name: "conversa-jobs", max: 4 });
  boss.on("error", (error) => console.error("[jobs]", error));
  await boss.start();

  await boss.createQueue(QUEUES.deadLetters);
  await boss.createQueue(QUEUES.webhookRecovery, {
    name: QUEUES.webhookRecovery,
    policy: "singleton",
    retryLimit: 3,
    retryBackoff: true,
    deadLetter: QUEUES.deadLetters,
  });
  await boss.schedule(QUEUES.webhookRecovery, "* * * * *");
  await boss.work(QUEUES.webhookRecovery, async () => {
    const ids = await dueWebhookEvents(500);
    if (ids.length > 0) {
      const outcomes = await processWebhookEvents(ids);
      console.log(`[jobs] recovered ${ids.length} webhook events: ${summarize(outcomes)}`);
    }
  });
  return boss;
}

function summarize(outcomes: string[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts].map(([outcome, n]) => `${n} ${outcome}`).join(", ");
}

/** Starts the worker once per process (the Next.js server by default, or `npm run worker`). */
export function startJobWorker(): Promise<PgBoss> {
  globalForJobs.conversaBoss ??= start();
  return globalForJobs.conversaBoss;
}

export async function stopJobWorker() {
  const boss = await globalForJobs.conversaBoss;
  globalForJobs.conversaBoss = undefined;
  await boss?.stop({ graceful: true, wait: true });
}
