/**
 * `npm run bench:pages`: the server's CPU per page render (issue 22), on
 * bench:inbox's seeded workspace (100,000 conversations; seeded first if
 * .data/bench-inbox is empty), signed in as its agent. Requests go one at a
 * time, so each one's CPU (/proc of the `next start` process, job worker
 * outside: WORKER_IN_PROCESS=false, no pollers charged to the pages) is its
 * own; `GET /api/health` is the same run's empty-route reference.
 *
 * `--against=<checkout>`: a second server from another checkout's build
 * (e.g. a git worktree of an earlier commit, `npm run build` there), requests
 * alternated between the two so both see the same machine load: a before /
 * after of a change in one run.
 *
 * BENCH_PAGE_REQUESTS (60) per page and server, after 5 warm-up requests.
 */
import path from "node:path";
import { startBenchApp } from "./fake-meta";
import { signInAgent } from "./inbox-actions";
import { BENCH_AUTH_SECRET, benchInboxDataDir, openInboxDatabase } from "./inbox-seed";
import { buildIfNeeded, cleanupStack, cpuMs, fmt, loadAverage, machineDescription, runMain } from "./support";

process.env.AUTH_SECRET = BENCH_AUTH_SECRET;

const REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 60);
const WARMUP = 5;
const PORT = Number(process.env.BENCH_APP_PORT ?? 3250);
const against = process.argv.find((a) => a.startsWith("--against="))?.split("=")[1];

interface Server {
  name: string;
  origin: string;
  pid: number;
}

async function main() {
  const { cleanups, run: cleanup } = cleanupStack();
  try {
    await buildIfNeeded();
    const { db, sql, seed } = await openInboxDatabase({ reuse: true });
    cleanups.push(
      () => db.stop(),
      () => sql.end(),
    );
    const { cookie } = await signInAgent(sql, seed.workspaceId);
    const [recent] = await sql<{ id: string }[]>`
      select id from public.conversations where workspace_id = ${seed.workspaceId} and status = 'open'
      order by last_message_at desc limit 1`;
    if (!recent) throw new Error("the seed has no open conversation");

    const checkouts = against ? [{ name: "against", root: path.resolve(against) }] : [];
    const servers: Server[] = [];
    for (const [i, checkout] of [...checkouts, { name: "this checkout", root: undefined }].entries()) {
      const port = PORT + 2 * i;
      const app = await startBenchApp({
        port,
        providerPort: port + 1,
        databaseUrl: db.appUrl,
        authSecret: BENCH_AUTH_SECRET,
        dataDir: benchInboxDataDir(),
        logName: `pages-${port}.log`,
        cleanups,
        env: { WORKER_IN_PROCESS: "false" },
        root: checkout.root,
      });
      servers.push({ name: checkout.name, origin: app.origin, pid: app.appPid as number });
    }

    const pages = [
      { name: "GET /api/health (reference)", path: "/api/health" },
      { name: "GET /inbox", path: "/inbox" },
      { name: "GET /inbox/<id>", path: `/inbox/${recent.id}` },
      { name: "GET /contacts", path: "/contacts" },
    ];
    const rows: string[] = [];
    const referenceCpu = new Map<string, number>();
    for (const page of pages) {
      const measured = servers.map(() => ({ cpu: 0, bytes: 0, failures: 0 }));
      const request = async (server: Server) => {
        const response = await fetch(server.origin + page.path, { headers: { cookie, accept: "text/html" } });
        const body = await response.text();
        return { ok: response.ok, bytes: body.length };
      };
      for (let i = 0; i < WARMUP; i++) for (const server of servers) await request(server);
      for (let i = 0; i < REQUESTS; i++) {
        for (const [k, server] of servers.entries()) {
          const before = cpuMs(server.pid);
          const { ok, bytes } = await request(server);
          const m = measured[k] as (typeof measured)[number];
          m.cpu += cpuMs(server.pid) - before;
          m.bytes = bytes;
          if (!ok) m.failures++;
        }
      }
      const health = page === pages[0];
      for (const [k, server] of servers.entries()) {
        const m = measured[k] as (typeof measured)[number];
        const perRequest = m.cpu / REQUESTS;
        if (health) referenceCpu.set(server.name, perRequest);
        const ratio = perRequest / (referenceCpu.get(server.name) || Number.NaN);
        rows.push(
          `| ${page.name} | ${server.name} | ${fmt(perRequest)} | ${health ? "1.0" : ratio.toFixed(0)} | ${(m.bytes / 1024).toFixed(0)} kB | ${m.failures} |`,
        );
      }
      console.log(`✓ ${page.name}`);
    }
    console.log(`\n${REQUESTS} requests per page and server, one at a time, alternated between servers.\n`);
    console.log("| Page | build | server CPU per request (ms) | × /api/health | response | failures |");
    console.log("|---|---|---:|---:|---:|---:|");
    for (const row of rows) console.log(row);
    console.log(`\nMachine: ${machineDescription()}; load average ${loadAverage()}`);
  } finally {
    await cleanup();
  }
}

runMain(main);
