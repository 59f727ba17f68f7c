import "server-only";
import type { z } from "zod";
import type { Tx } from "@/server/db/client";
import type { JobDefinition, PayloadSchema } from "./define";
import { ensureQueue, queue, throughTransaction } from "./queue";

export interface EnqueueOptions {
  /**
   * Queue the job inside this transaction: it exists exactly when the row
   * it works on was committed (no send lost between commit and enqueue,
   * none started for a rolled-back row).
   */
  tx?: Tx;
  /** Seconds to wait before the job may start. */
  startAfter?: number;
}

/** Queues one job; the payload is checked against the job's schema first (a wrong one throws, nothing is queued). */
export async function enqueue<S extends PayloadSchema>(job: JobDefinition<S>, payload: z.input<S>, options: EnqueueOptions = {}) {
  const data = job.payload.parse(payload);
  const boss = await queue();
  await ensureQueue(boss, job);
  const send = { singletonKey: job.singletonKey?.(data), startAfter: options.startAfter };
  const { tx } = options;
  if (!tx) {
    await boss.send(job.name, data, send);
    return;
  }
  await asConnectionRole(tx, (db) => boss.send(job.name, data, { ...send, db }));
}

/**
 * Members have no rights on the queue's schema: its insert runs as the
 * connection's own role, then the transaction goes back to the member's.
 */
async function asConnectionRole(tx: Tx, insert: (db: ReturnType<typeof throughTransaction>) => Promise<unknown>) {
  const [{ role } = { role: null }] = await tx<{ role: string | null }[]>`select current_setting('role', true) as role`;
  await tx`set local role none`;
  await insert(throughTransaction(tx));
  if (role && role !== "none") await tx`select set_config('role', ${role}, true)`;
}

/**
 * Queues many jobs of one kind in one insert (a job already queued under its
 * key is left as it is); with `tx`, inside that transaction.
 */
export async function enqueueMany<S extends PayloadSchema>(job: JobDefinition<S>, payloads: z.input<S>[], options: { tx?: Tx } = {}) {
  if (payloads.length === 0) return;
  const data = payloads.map((payload) => job.payload.parse(payload));
  const boss = await queue();
  await ensureQueue(boss, job);
  const jobs = data.map((item) => ({ name: job.name, data: item, singletonKey: job.singletonKey?.(item) }));
  if (options.tx) {
    // pg-boss sends the jobs as JSON text into json_to_recordset($1); the driver serializes a json
    // parameter itself, so it gets the array (text would arrive as one JSON string).
    await asConnectionRole(options.tx, (db) =>
      boss.insert(jobs, { db: { executeSql: (text, [first, ...rest]) => db.executeSql(text, [JSON.parse(String(first)), ...rest]) } }),
    );
  } else await boss.insert(jobs);
}
