/**
 * What the inbox and API benchmarks share for sends: a minimal fake of
 * Meta's Cloud API `/{phone_number_id}/messages` (a wamid per send, success
 * for read receipts), and waiting until the queued sends reached it. The
 * browser test of a graceful shutdown uses the fake too, answering slowly.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import type postgres from "postgres";
import { sleep, startNext, stopChild, waitFor } from "./support";

/** `answerAfterMs` holds every answer that long (a provider under load); `wamids` are the sends' answers, in arrival order. */
export function startFakeMeta(port: number, options: { answerAfterMs?: number } = {}) {
  const counts = { sends: 0, readReceipts: 0, other: 0 };
  const wamids: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const json = (() => {
        try {
          return JSON.parse(Buffer.concat(chunks).toString("utf8")) as { to?: string; status?: string };
        } catch {
          return {};
        }
      })();
      let status = 200;
      let body: string;
      if (request.method === "POST" && /^\/[^/]+\/messages$/.test(request.url ?? "")) {
        if (json.status === "read") {
          counts.readReceipts++;
          body = '{"success":true}';
        } else {
          counts.sends++;
          const wamid = `wamid.${randomBytes(16).toString("hex")}`;
          wamids.push(wamid);
          body = JSON.stringify({
            messaging_product: "whatsapp",
            contacts: [{ input: json.to, wa_id: json.to }],
            messages: [{ id: wamid }],
          });
        }
      } else {
        counts.other++;
        status = request.method === "GET" ? 200 : 404;
        body = request.method === "GET" ? '{"data":[]}' : '{"error":{"message":"Unknown path","code":100}}';
      }
      // Counted on arrival, answered after the delay: a test sees a send in flight.
      if (options.answerAfterMs) await sleep(options.answerAfterMs);
      response.writeHead(status, { "content-type": "application/json" }).end(body);
    });
  });
  server.listen(port, "127.0.0.1");
  return { counts, wamids, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * Sends are queued jobs: waits (at most a minute) until the worker has
 * handed every pending message of `senderType` to the provider, then prints
 * how they ended, and where the pending ones' jobs are if some remain.
 */
export async function reportSends(
  sql: postgres.Sql,
  workspaceId: string,
  senderType: "agent" | "api",
  fake: ReturnType<typeof startFakeMeta>,
  appLog: string,
) {
  const started = performance.now();
  let pending = 0;
  do {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.messages
      where workspace_id = ${workspaceId} and direction = 'outbound' and status = 'pending' and sender_type = ${senderType}`;
    pending = row?.n ?? 0;
    if (pending) await sleep(500);
  } while (pending > 0 && performance.now() - started < 60_000);
  const [sent] = await sql<{ n: number; failed: number }[]>`
    select count(*) filter (where status = 'sent')::int as n, count(*) filter (where status = 'failed')::int as failed
    from public.messages where workspace_id = ${workspaceId} and sender_type = ${senderType} and idempotency_key is not null`;
  console.log(
    `Sends: ${sent?.n} sent, ${sent?.failed} failed, ${pending} still pending ${((performance.now() - started) / 1000).toFixed(1)} s after the load; ` +
      `the fake Meta API got ${fake.counts.sends} sends and ${fake.counts.readReceipts} read receipts.`,
  );
  if (pending > 0) {
    const [jobs] = await sql<{ states: string | null }[]>`
      select string_agg(state || ': ' || n, ', ') as states from (
        select j.state::text, count(*) as n from pgboss.job j
        join public.messages m on m.id::text = j.singleton_key
        where j.name = 'outbound.send' and m.workspace_id = ${workspaceId} and m.status = 'pending'
        group by 1) s`;
    console.log(`  send jobs of the pending messages: ${jobs?.states ?? "none"}; the app's output is in ${appLog}`);
  }
}

/**
 * The production app on `port` against the bench database, sending to the
 * fake Meta API on `providerPort`; its output goes to `<dataDir>/<logName>`.
 * `env` adds to or overrides its environment. Stopped by the cleanup it
 * pushes, or earlier by `stop()`.
 */
export async function startBenchApp(options: {
  port: number;
  providerPort: number;
  databaseUrl: string;
  authSecret: string;
  dataDir: string;
  logName: string;
  cleanups: (() => Promise<unknown>)[];
  env?: Record<string, string>;
  /** Another checkout whose build to start (this one's by default). */
  root?: string;
}) {
  const appLog = path.join(options.dataDir, options.logName);
  const app = startNext(
    options.port,
    {
      DATABASE_URL: options.databaseUrl,
      AUTH_SECRET: options.authSecret,
      APP_URL: `http://127.0.0.1:${options.port}`,
      META_GRAPH_URL: `http://127.0.0.1:${options.providerPort}`,
      MEDIA_DIR: path.join(options.dataDir, "media"),
      DATABASE_POOL_MAX: "20",
      ...options.env,
    },
    appLog,
    options.root,
  );
  // Up to pg-boss's 30 s for running jobs (SIGTERM waits for them).
  const stop = () => stopChild(app, 35_000);
  options.cleanups.push(stop);
  const origin = `http://127.0.0.1:${options.port}`;
  await waitFor(`${origin}/login`, 90_000);
  return { appLog, origin, stop, appPid: app.pid };
}

/** startBenchApp with a fake Meta API of its own on `port + 1`, stopped by the cleanups too. */
export async function startAppWithFakeMeta(options: {
  port: number;
  databaseUrl: string;
  authSecret: string;
  dataDir: string;
  logName: string;
  cleanups: (() => Promise<unknown>)[];
}) {
  const providerPort = options.port + 1;
  const fake = startFakeMeta(providerPort);
  options.cleanups.push(() => fake.close());
  const { appLog, origin, appPid } = await startBenchApp({ ...options, providerPort });
  return { fake, appLog, origin, appPid };
}
