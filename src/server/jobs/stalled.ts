import "server-only";
import type { PendingQuery, Row as SqlRow } from "postgres";
import { db } from "@/server/db/client";
import { QUEUE_SCHEMA } from "./queue";

/**
 * Jobs of `name` taken by a worker that died (kill -9, a lost machine):
 * pg-boss runs such a job again only once it expires and its maintenance
 * round comes (minutes). This puts back every job active for longer than
 * `stalledSeconds` (for which `stillNeeded`, a condition on the job `j`,
 * holds): the job itself, since a stately queue allows one active job per
 * key and a second one queued beside a dead active one could never start;
 * where a job of the same key is already queued (a deferral), that one
 * takes over and the stalled one is cancelled. Only for jobs whose run is
 * safe to repeat while a slow live worker may still hold it. Returns how
 * many were put back.
 */
export async function requeueStalledJobs(
  name: string,
  stalledSeconds: number,
  options: { now?: Date; limit?: number; stillNeeded?: PendingQuery<SqlRow[]> } = {},
): Promise<number> {
  const sql = db();
  const schema = sql(QUEUE_SCHEMA);
  const rows = await sql<{ id: string }[]>`
    with stalled as (
      select j.id from ${schema}.job j
      where j.name = ${name} and j.state = 'active'
        and j.started_on < ${options.now ?? new Date()}::timestamptz - make_interval(secs => ${stalledSeconds})
        ${options.stillNeeded ? sql`and ${options.stillNeeded}` : sql``}
      limit ${options.limit ?? 5000}
      for update of j skip locked)
    update ${schema}.job j
    set state = (case when exists (select 1 from ${schema}.job s
                                   where s.name = j.name and s.singleton_key = j.singleton_key and s.state in ('created', 'retry'))
                      then 'cancelled' else 'retry' end)::${schema}.job_state,
        start_after = now()
    from stalled where j.name = ${name} and j.id = stalled.id
    returning j.id`;
  return rows.length;
}
