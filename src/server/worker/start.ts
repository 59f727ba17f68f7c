import "server-only";
import { queue, stopWithQueue } from "@/server/jobs/queue";
import { workJobs } from "@/server/jobs/work";
import { startOutboxDispatcher } from "@/server/outhooks/dispatch";
import { JOBS } from "./registry";

/** Creates every job's queue and schedule and works them: in the Next.js server by default, or in `npm run worker`. */
export async function startJobWorker() {
  const boss = await queue();
  for (const job of JOBS) await workJobs(boss, job);
  // It queues deliveries: it stops before pg-boss does, so a late tick cannot start the queue again.
  stopWithQueue(startOutboxDispatcher());
}
