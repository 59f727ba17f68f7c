/**
 * Runs once when a server process starts: a wrong environment fails here,
 * naming the variable, and the job worker starts unless it runs as its own
 * process (WORKER_IN_PROCESS=false, `npm run worker`).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { env } = await import("@/server/env");
    if (env().WORKER_IN_PROCESS) {
      const { startJobWorker } = await import("@/server/jobs/worker");
      await startJobWorker();
    }
  }
}
