import "server-only";
import { logger } from "@/server/log";
import { stopQueue } from "./queue";

/**
 * Ends the process on SIGTERM or SIGINT once its job queue has stopped
 * gracefully: no new jobs are fetched and running ones finish (pg-boss
 * waits up to 30 s); a job cut off anyway is not lost, it expires and runs
 * again. `npm run worker` stops this way, and so does the web server when
 * it handles signals itself (NEXT_MANUAL_SIG_HANDLE, src/instrumentation.ts).
 *
 * A repeated signal is ignored while stopping: Ctrl-C in a terminal reaches
 * every process of the group, and npm passes it on to its child as well.
 */
export function stopGracefullyOnSignals(name: string, onStopping: () => void = () => {}) {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    onStopping();
    logger.info({ signal }, `${name} stopping: finishing running jobs…`);
    stopQueue().then(
      () => {
        logger.info(`${name} stopped.`);
        process.exit(0);
      },
      (error) => {
        logger.error({ err: error }, `${name} did not stop cleanly`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
