import "server-only";
import { asService } from "@/server/db/client";
import { LOGIN_ATTEMPT_WINDOW_MS } from "./password-sign-in";

/** Ended sessions (expired or revoked) are kept this long, then deleted: long enough to look into a recent incident. */
export const ENDED_SESSION_RETENTION_DAYS = 30;

/** Runs `remove` (one delete of at most `limit` rows) until a batch comes back short: `batchSize` rows per transaction so no statement holds its locks for long; returns the count. */
async function deleteInBatches(remove: (limit: number) => Promise<number>, batchSize: number) {
  let deleted = 0;
  for (;;) {
    const count = await remove(batchSize);
    deleted += count;
    if (count < batchSize) return deleted;
  }
}

/**
 * The nightly clean-up of local auth's records: sessions that ended (expired
 * or revoked) more than ENDED_SESSION_RETENTION_DAYS ago, and failed sign-in
 * attempts older than the longest window they count in (the `auth.prune`
 * job, defined in the worker: db reads auth, so auth must not import the
 * job plumbing that reads db). `now` is a
 * parameter so tests set the clock.
 */
export async function pruneAuthRecords(options: { now?: Date; batchSize?: number } = {}) {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 1000;
  const sessionsBefore = new Date(now.getTime() - ENDED_SESSION_RETENTION_DAYS * 24 * 3600_000);
  const attemptsBefore = new Date(now.getTime() - LOGIN_ATTEMPT_WINDOW_MS);
  const sessions = await deleteInBatches(
    async (limit) =>
      (
        await asService(
          (tx) => tx`
            delete from private.sessions where id in (
              select id from private.sessions
              where expires_at < ${sessionsBefore} or revoked_at < ${sessionsBefore}
              limit ${limit})`,
        )
      ).count,
    batchSize,
  );
  const loginAttempts = await deleteInBatches(
    async (limit) =>
      (
        await asService(
          (tx) => tx`
            delete from private.login_attempts where id in (
              select id from private.login_attempts where attempted_at < ${attemptsBefore} limit ${limit})`,
        )
      ).count,
    batchSize,
  );
  return { sessions, loginAttempts };
}
