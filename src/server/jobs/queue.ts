import "server-only";
import PgBoss from "pg-boss";
import type { Tx } from "@/server/db/client";
import { directDatabaseUrl, env } from "@/server/env";

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
  /** One job per outbound message: send it through the channel's provider. */
  outboundSend: "outbound.send",
  /** One job per conversation read: tell WhatsApp the newest inbound message was read. */
  readReceipt: "outbound.read-receipt",
  /** Every hour, and when asked: each channel's message templates from its provider. */
  templateSync: "templates.sync",
  /** One job per conversation at a time: the AI assistant answers what the customer wrote. */
  aiReply: "ai.reply",
  /** One job per outbound webhook delivery: post the event to the subscription's URL. */
  webhookDeliver: "webhooks.deliver",
  /** Every night: the outbound webhook log's events (with deliveries and attempts) past their retention. */
  webhookPrune: "webhooks.prune",
  /** Every night: the inbound webhook log's settled events past their retention. */
  webhookEventsPrune: "webhooks.events-prune",
  /** One job per CSV import of contacts: its rows, chunk by chunk, resuming after the last committed chunk. */
  contactImport: "contacts.import",
  deadLetters: "dead-letters",
} as const;

export const MEDIA_FETCH_RETRY_LIMIT = 5;
export const OUTBOUND_RETRY_LIMIT = 6;
export const AI_REPLY_RETRY_LIMIT = 3;
/** 8 attempts over about half an hour to an hour: 15–30 s, 30–60 s … 16–32 min (pg-boss doubles a jittered delay). */
export const WEBHOOK_RETRY_LIMIT = 7;
export const CONTACT_IMPORT_RETRY_LIMIT = 5;

const globalForJobs = globalThis as unknown as { conversaBoss?: Promise<PgBoss> };

async function start(): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: directDatabaseUrl(),
    schema: "pgboss",
    application_name: "conversa-jobs",
    max: env().JOBS_POOL_MAX,
  });
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
  // "stately": at most one queued and one running job per message, so a retried action cannot stack sends.
  await boss.createQueue(QUEUES.outboundSend, {
    name: QUEUES.outboundSend,
    policy: "stately",
    retryLimit: OUTBOUND_RETRY_LIMIT,
    retryDelay: 2,
    retryBackoff: true,
    deadLetter: QUEUES.deadLetters,
  });
  await boss.createQueue(QUEUES.readReceipt, {
    name: QUEUES.readReceipt,
    policy: "stately",
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
  });
  // "stately" again: one waiting and one running job per conversation, so a burst of messages queues one answer.
  await boss.createQueue(QUEUES.aiReply, {
    name: QUEUES.aiReply,
    policy: "stately",
    retryLimit: AI_REPLY_RETRY_LIMIT,
    retryDelay: 5,
    retryBackoff: true,
    deadLetter: QUEUES.deadLetters,
  });
  // "stately": a replay while a delivery is still queued adds nothing.
  await boss.createQueue(QUEUES.webhookDeliver, {
    name: QUEUES.webhookDeliver,
    policy: "stately",
    retryLimit: WEBHOOK_RETRY_LIMIT,
    retryDelay: 15,
    retryBackoff: true,
    deadLetter: QUEUES.deadLetters,
  });
  // "stately": one waiting and one running job per import; a retry resumes from the last committed chunk.
  await boss.createQueue(QUEUES.contactImport, {
    name: QUEUES.contactImport,
    policy: "stately",
    retryLimit: CONTACT_IMPORT_RETRY_LIMIT,
    retryDelay: 5,
    retryBackoff: true,
    deadLetter: QUEUES.deadLetters,
  });
  await boss.createQueue(QUEUES.templateSync, { name: QUEUES.templateSync, policy: "singleton", retryLimit: 2, retryDelay: 60 });
  await boss.schedule(QUEUES.recovery, "* * * * *");
  await boss.createQueue(QUEUES.webhookPrune, { name: QUEUES.webhookPrune, policy: "singleton", retryLimit: 2, retryDelay: 600 });
  await boss.schedule(QUEUES.templateSync, "17 * * * *");
  await boss.schedule(QUEUES.webhookPrune, "41 3 * * *");
  await boss.createQueue(QUEUES.webhookEventsPrune, {
    name: QUEUES.webhookEventsPrune,
    policy: "singleton",
    retryLimit: 2,
    retryDelay: 600,
  });
  await boss.schedule(QUEUES.webhookEventsPrune, "47 3 * * *");
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

const stopFirst = new Set<() => void>();

/** Work of the worker outside pg-boss (the outbox dispatcher) that must end before the queue does. */
export function stopWithQueue(stop: () => void) {
  stopFirst.add(stop);
}

export async function stopQueue() {
  for (const stop of stopFirst) stop();
  stopFirst.clear();
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

/**
 * Queues a job inside the caller's transaction: it exists exactly when the
 * row it works on was committed (no send lost between commit and enqueue,
 * none started for a rolled-back row).
 */
export async function enqueueInTransaction(tx: Tx, name: string, data: object, singletonKey: string) {
  const boss = await queue();
  // Members have no rights on the queue's schema: its insert runs as the
  // connection's own role, then the transaction goes back to the member's.
  const [{ role } = { role: null }] = await tx<{ role: string | null }[]>`select current_setting('role', true) as role`;
  await tx`set local role none`;
  await boss.send(name, data, {
    singletonKey,
    // pg-boss leaves optional parameters undefined; postgres.js wants null.
    db: {
      executeSql: async (text, values) => ({
        rows: await tx.unsafe(
          text,
          values.map((v) => v ?? null),
        ),
      }),
    },
  });
  if (role && role !== "none") await tx`select set_config('role', ${role}, true)`;
}

/** Asks for a channel's templates now (the "refresh" button); the hourly run covers the rest. */
export async function enqueueTemplateSync(channelId: string) {
  const boss = await queue();
  await boss.send(QUEUES.templateSync, { channelId }, { singletonKey: channelId });
}
