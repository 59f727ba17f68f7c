/**
 * `npm run bench:api`: the integration API's three hot paths — contact by
 * phone, the conversation list, and a send — and their aliases of the
 * compatibility contract (/api/contacts/by-phone, /api/conversations,
 * /api/messages/send, with x-api-key) over HTTP with a workspace API
 * key, against the real app (`next start`, production build) on the inbox
 * benchmark's workspace (100,000 contacts and conversations, 2,000,000
 * messages; bench/inbox-seed.ts, kept in .data/bench-inbox), with autocannon
 * on loopback. Sends go to a local fake of Meta's Cloud API.
 *
 * Every request authenticates its key and counts it against the key's rate
 * limit (one UPDATE of the key's row), as in production; the bench key's
 * limit is raised so the load is not refused.
 *
 * Each path is measured with one client calling in sequence, then with
 * BENCH_CONNECTIONS (16) at once; a route that touches no database is
 * measured beside them as the floor any request pays.
 *
 * BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CONNECTIONS tune the load,
 * BENCH_ONLY=<part of a path's name> runs only those paths, BENCH_CPU_PROFILE=<dir> profiles the server;
 * `--reuse` keeps an already seeded .data/bench-inbox; BENCH_POSTGRES_PORT
 * moves the database off 54333, BENCH_APP_PORT the app off 3290.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import type autocannon from "autocannon";
import type postgres from "postgres";
import { repoRoot } from "../scripts/database/prepare";
import { reportSends, startAppWithFakeMeta } from "./fake-meta";
import { BENCH_AUTH_SECRET, benchInboxDataDir, openInboxDatabase, TEAM } from "./inbox-seed";
import { buildIfNeeded, cleanupStack, cycle, fmt, HTTP_LOAD, type LatencySummary, machineDescription, measure, runMain } from "./support";

const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 3290);
const { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS } = HTTP_LOAD;
const ONLY = process.env.BENCH_ONLY;
const AUTH_SECRET = BENCH_AUTH_SECRET;

process.env.AUTH_SECRET = AUTH_SECRET;

interface Operation {
  name: string;
  /** p95 this path is held to (ms); none for a reference. */
  target: number | null;
  expectStatus: number;
  /** The compatibility contract's aliases are called as those CRMs call them, with `x-api-key`. */
  xApiKey?: true;
  request: () => { method: "GET" | "POST"; path: string; body?: string; headers?: Record<string, string> };
}

/** "+6281234567890" as people write it: 0812-3456-7890, +62 812 3456 7890, 6281234567890. */
function writtenForms(e164: string): string[] {
  const national = e164.slice(3);
  return [
    `0${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`,
    `+62 ${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`,
    e164.slice(1),
  ];
}

async function operations(sql: postgres.Sql, workspaceId: string): Promise<Operation[]> {
  const phones = await sql<{ phone_e164: string }[]>`
    select phone_e164 from public.contacts where workspace_id = ${workspaceId} and phone_e164 like '+628%'
    order by id limit 1000`;
  // An hour of margin on the 24-hour window, so none closes during the run. Indonesian numbers only, as above:
  // the seed's +1 415 0… and +44 76… numbers are not valid numbers, and the API rightly refuses them.
  const open = await sql<{ phone_e164: string }[]>`
    select ct.phone_e164 from public.conversations c
    join public.contacts ct on ct.workspace_id = c.workspace_id and ct.id = c.contact_id
    where c.workspace_id = ${workspaceId} and c.last_customer_message_at > now() - interval '23 hours'
      and ct.phone_e164 like '+628%'
    order by c.last_customer_message_at desc limit 1000`;
  if (phones.length < 10 || open.length < 10) throw new Error("the seeded workspace is too small for the benchmark's inputs");
  const lookup = cycle(phones.flatMap((p) => writtenForms(p.phone_e164)));
  const recipient = cycle(open.map((p) => p.phone_e164));
  return [
    {
      name: "GET /contacts/by-phone",
      target: 20,
      expectStatus: 200,
      request: () => ({ method: "GET", path: `/api/v1/contacts/by-phone?phone=${encodeURIComponent(lookup())}` }),
    },
    { name: "GET /conversations", target: 20, expectStatus: 200, request: () => ({ method: "GET", path: "/api/v1/conversations" }) },
    {
      name: "GET /conversations?unread=true",
      target: 20,
      expectStatus: 200,
      request: () => ({ method: "GET", path: "/api/v1/conversations?unread=true" }),
    },
    // What any request costs in this app before our code runs: Next's routing and a Response, no database.
    {
      name: "reference: a route without database (GET /api/webhooks/meta, 403)",
      target: null,
      expectStatus: 403,
      request: () => ({ method: "GET", path: "/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1" }),
    },
    // The compatibility contract (docs/api.md): the same handlers under the paths CRMs built on Kapso/360dialog call.
    {
      name: "GET /api/contacts/by-phone (alias, x-api-key)",
      target: 20,
      expectStatus: 200,
      xApiKey: true,
      request: () => ({ method: "GET", path: `/api/contacts/by-phone?phone=${encodeURIComponent(lookup())}` }),
    },
    {
      name: "GET /api/conversations (alias, x-api-key)",
      target: 20,
      expectStatus: 200,
      xApiKey: true,
      request: () => ({ method: "GET", path: "/api/conversations" }),
    },
    {
      name: "POST /api/messages/send (alias, x-api-key, text, Idempotency-Key)",
      target: 50,
      expectStatus: 202,
      xApiKey: true,
      request: () => ({
        method: "POST",
        path: "/api/messages/send",
        headers: { "content-type": "application/json", "idempotency-key": randomUUID() },
        body: JSON.stringify({ phone: recipient(), text: "Pesanan kakak sudah dikirim 🚚" }),
      }),
    },
    {
      name: "POST /messages (text, Idempotency-Key)",
      target: 50,
      expectStatus: 202,
      request: () => ({
        method: "POST",
        path: "/api/v1/messages",
        headers: { "content-type": "application/json", "idempotency-key": randomUUID() },
        body: JSON.stringify({ phone: recipient(), type: "text", text: "Pesanan kakak sudah dikirim 🚚" }),
      }),
    },
  ];
}

async function main() {
  const dataDir = benchInboxDataDir();
  const { cleanups, run: cleanup } = cleanupStack();

  try {
    await buildIfNeeded();
    const { db, sql, seed } = await openInboxDatabase({ reuse: process.argv.includes("--reuse") });
    cleanups.push(
      () => db.stop(),
      () => sql.end(),
    );

    // A write key of the bench workspace, made with the app's own generator (only its hash is stored).
    const { generateApiKey } = await import("@/server/api/keys");
    const key = generateApiKey();
    await sql`
      insert into public.api_keys (workspace_id, name, prefix, key_hash, scope, rate_limit_per_minute, created_by)
      select ${seed.workspaceId}, 'bench:api', ${key.prefix}, ${key.hash}, 'write', 100000, id
      from auth.users where email = ${TEAM.owner}`;
    const ops = (await operations(sql, seed.workspaceId)).filter((op) => !ONLY || op.name.includes(ONLY));

    const { fake, appLog, origin, appPid } = await startAppWithFakeMeta({
      port: APP_PORT,
      databaseUrl: db.appUrl,
      authSecret: AUTH_SECRET,
      dataDir,
      logName: "app-api.log",
      cleanups,
    });

    /** `unexpected`: answers with another status than the path's, and connection errors. */
    const results: { op: Operation; clients: number; latency: LatencySummary | null; unexpected?: number; note?: string }[] = [];
    for (const op of ops) {
      const toRequest = () => {
        const r = op.request();
        const auth: Record<string, string> = op.xApiKey ? { "x-api-key": key.key } : { authorization: `Bearer ${key.key}` };
        return { ...r, headers: { ...auth, ...r.headers } };
      };
      const probe = toRequest();
      const response = await fetch(`${origin}${probe.path}`, { method: probe.method, headers: probe.headers, body: probe.body });
      const text = await response.text();
      if (response.status !== op.expectStatus) {
        console.log(`✗ ${op.name}: HTTP ${response.status} ${text.slice(0, 300)}`);
        results.push({ op, clients: CONNECTIONS, latency: null, note: `failed: HTTP ${response.status}` });
        continue;
      }
      // One client calling in sequence (how an integration calls, and how the seeds measured), then many at once.
      for (const clients of [...new Set([1, CONNECTIONS])]) {
        const options: autocannon.Options = {
          url: origin,
          timeout: 60,
          connections: clients,
          requests: [{ setupRequest: (request) => ({ ...request, ...toRequest() }) }],
        };
        if (WARMUP_SECONDS > 0) await measure({ ...options, duration: WARMUP_SECONDS });
        const latency = await measure({ ...options, duration: SECONDS }, appPid);
        const unexpected = latency.requests - (latency.statuses?.[op.expectStatus] ?? 0) + latency.errors;
        results.push({ op, clients, latency, unexpected });
        console.log(
          `✓ ${op.name}, ${clients} client(s): p50 ${fmt(latency.p50)} / p95 ${fmt(latency.p95)} / p99 ${fmt(latency.p99)} ms, ${Math.round(latency.perSecond)} req/s` +
            `, ${fmt(latency.serverCpuPerRequest ?? Number.NaN)} ms server CPU each` +
            (unexpected ? `, ${unexpected} unexpected: ${JSON.stringify(latency.statuses)}, ${latency.errors} errors` : ""),
        );
      }
    }

    await reportSends(sql, seed.workspaceId, "api", fake, path.relative(repoRoot, appLog));

    console.log(`\nMachine: ${machineDescription()}`);
    console.log(`${SECONDS} s per path and load after ${WARMUP_SECONDS} s of warm-up, one API key\n`);
    console.log(
      "| Path | clients | p50 (ms) | p95 (ms) | p99 (ms) | req/s | server CPU per request (ms) | unexpected answers | p95 target |",
    );
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const { op, clients, latency: l, unexpected, note } of results) {
      const target = op.target === null ? "reference" : `≤ ${op.target} ms${l ? `: ${l.p95 <= op.target ? "met" : "**missed**"}` : ""}`;
      console.log(
        l
          ? `| ${op.name} | ${clients} | ${fmt(l.p50)} | ${fmt(l.p95)} | ${fmt(l.p99)} | ${Math.round(l.perSecond)} | ${fmt(l.serverCpuPerRequest ?? Number.NaN)} | ${unexpected} | ${target} |`
          : `| ${op.name} | ${clients} | – | – | – | – | – | ${note} | ${target} |`,
      );
    }
  } finally {
    await cleanup();
  }
}

runMain(main);
