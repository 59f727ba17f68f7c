/**
 * Runs once when a server process starts: the hook that records each
 * request's socket address is installed, a wrong environment fails here,
 * naming the variable, and the job worker starts unless it runs as its own
 * process (WORKER_IN_PROCESS=false, `npm run worker`).
 *
 * With NEXT_MANUAL_SIG_HANDLE=true (`npm start` sets it) Next.js leaves
 * SIGTERM and SIGINT to us: the process then exits once the jobs it is
 * running have finished, instead of cutting them off. Requests keep being
 * served while they finish.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // First, so as few requests as possible reach the app without their socket address (sign-in limits).
    const { installPeerAddressHook } = await import("@/server/http/peer-address");
    installPeerAddressHook();
    const { env } = await import("@/server/env");
    const { WORKER_IN_PROCESS, NEXT_MANUAL_SIG_HANDLE, NODE_ENV } = env();
    if (WORKER_IN_PROCESS) {
      const { startJobWorker } = await import("@/server/worker/start");
      await startJobWorker();
    }
    if (NEXT_MANUAL_SIG_HANDLE) {
      const { stopGracefullyOnSignals } = await import("@/server/jobs/shutdown");
      stopGracefullyOnSignals("Conversa server");
    } else if (WORKER_IN_PROCESS && NODE_ENV === "production") {
      const { logger } = await import("@/server/log");
      logger.warn(
        "NEXT_MANUAL_SIG_HANDLE is not set: on SIGTERM Next.js exits without waiting for running jobs (they expire and run again later). `npm start` sets it.",
      );
    }
  }
}
