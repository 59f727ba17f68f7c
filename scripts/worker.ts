/**
 * `npm run worker`: the job worker as its own process, for deployments that
 * scale out (set WORKER_IN_PROCESS=false on the web instances). Needs
 * DATABASE_URL and the web instances' AUTH_SECRET (it decrypts channel
 * credentials); run as many replicas as needed: the queue locks jobs with
 * SKIP LOCKED, so each job runs once.
 *
 * WORKER_HEALTH_PORT, when set, serves GET /health (200 while the worker
 * runs, 503 while it stops) for a process manager or load test to wait on.
 *
 * SIGTERM/SIGINT stop it gracefully (src/server/jobs/shutdown.ts): no new
 * jobs are fetched and running ones finish (pg-boss's graceful stop, up to
 * 30 s); a job cut off anyway is not lost, it expires and runs again.
 */
import http from "node:http";
import { stopGracefullyOnSignals } from "@/server/jobs/shutdown";
import { logger } from "@/server/log";
import { startJobWorker } from "@/server/worker/start";

let state: "running" | "stopping" = "running";
const healthPort = process.env.WORKER_HEALTH_PORT;
const health = healthPort
  ? http
      .createServer((request, response) => {
        const ok = request.url === "/health" && state === "running";
        response.writeHead(request.url === "/health" ? (ok ? 200 : 503) : 404, { "content-type": "application/json" });
        response.end(JSON.stringify({ worker: state }));
      })
      .listen(Number(healthPort), "127.0.0.1")
  : null;

await startJobWorker();
logger.info(health ? { health: `127.0.0.1:${healthPort}/health` } : {}, "Conversa worker started");
stopGracefullyOnSignals("Conversa worker", () => {
  state = "stopping";
});
