/**
 * `npm run worker`: the job worker as its own process, for deployments that
 * scale out (set WORKER_IN_PROCESS=false on the web instances). Needs
 * DATABASE_URL; run as many replicas as needed.
 */
import { stopQueue } from "@/server/jobs/queue";
import { startJobWorker } from "@/server/jobs/worker";

await startJobWorker();
console.log("Conversa worker started.");
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopQueue().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
