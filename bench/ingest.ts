/**
 * `npm run bench:ingest`: webhook ingestion against the real app (`next
 * start`, production build) and a real PostgreSQL (embedded, fresh, in
 * .data/bench), with autocannon on loopback. Prints, from one run:
 *   1. ack latency p50/p99 and max req/s at 50 concurrent senders (one inbound text each),
 *      and p99 at 500 req/s: autocannon's overallRate (each second's 500 sent as a burst) and
 *      evenly paced (open loop, latency from when each request was due);
 *   2. end-to-end ingest: 20,000 messages from 2,000 numbers until all are in `messages`;
 *   3. the same rows through the leanest SQL path (multi-row INSERTs, no HTTP) and the ratio 2/3;
 *   4. a bare Node HTTP server answering 200 under the same load, and the ratio of 1 to it.
 */
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../scripts/database/embedded";
import { prepareDatabase, repoRoot } from "../scripts/database/prepare";
import { newWamid } from "../scripts/webhooks/payloads";
import { buildIfNeeded } from "./support";
import { type BenchChannel, paced as pacedWebhooks, signedWebhook } from "./webhook-load";

const paced = (port: number, channel: BenchChannel, rate: number, seconds: number) =>
  pacedWebhooks(port, channel, rate, seconds, { connections: CONNECTIONS, numbers: NUMBERS });

// Overridable so benchmarks of several worktrees on one machine do not collide.
const APP_PORT = Number(process.env.BENCH_PORT ?? 3200);
const BARE_PORT = Number(process.env.BENCH_BARE_PORT ?? 3201);
const POSTGRES_PORT = Number(process.env.BENCH_POSTGRES_PORT ?? 54332);
const CONNECTIONS = 50;
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const NUMBERS = Number(process.env.BENCH_NUMBERS ?? 2_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function createBenchChannel(sql: postgres.Sql, name: string): Promise<BenchChannel> {
  const phoneNumberId = String(2e14 + Math.floor(Math.random() * 7e14));
  const secret = `bench-secret-${name}`;
  const [ws] = await sql<{ id: string }[]>`
    insert into public.workspaces (name, slug) values (${name}, ${`bench-${name}-${Date.now()}`}) returning id`;
  if (!ws) throw new Error("no workspace");
  await sql`insert into public.whatsapp_channels (workspace_id, provider, phone_number_id, display_phone_number, webhook_secret)
            values (${ws.id}, 'meta', ${phoneNumberId}, '15550001111', ${secret})`;
  return { workspaceId: ws.id, phoneNumberId, secret };
}

function load(port: number, options: { channel?: BenchChannel; amount?: number; rate?: number; seconds?: number; numbers?: number }) {
  let sequence = 0;
  const numbers = options.numbers ?? NUMBERS;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? DURATION_SECONDS }),
    ...(options.rate && { overallRate: options.rate }),
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          ...signedWebhook(options.channel ?? { workspaceId: "", phoneNumberId: "1", secret: "x" }, sequence++, numbers),
        }),
      },
    ],
  });
}

async function waitFor(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await sleep(300);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

async function countMessages(sql: postgres.Sql, workspaceId: string) {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from public.messages where workspace_id = ${workspaceId}`;
  return row?.n ?? 0;
}

/** The physical reference: the same contacts, conversations and messages, in multi-row INSERTs. */
async function rawSqlReference(sql: postgres.Sql, channel: BenchChannel): Promise<number> {
  const [ch] = await sql<{ id: string }[]>`select id from public.whatsapp_channels where phone_number_id = ${channel.phoneNumberId}`;
  if (!ch) throw new Error("no channel");
  const started = performance.now();
  const contacts = await sql<{ id: string; wa_id: string }[]>`
    insert into public.contacts (workspace_id, phone_e164, wa_id, profile_name)
    select ${channel.workspaceId}, '+' || (6281200000000 + n), (6281200000000 + n)::text, 'Pelanggan ' || n
    from generate_series(0, ${NUMBERS - 1}) n
    returning id, wa_id`;
  const conversations = await sql<{ id: string; contact_id: string }[]>`
    insert into public.conversations (workspace_id, channel_id, contact_id)
    select ${channel.workspaceId}, ${ch.id}, id from unnest(${contacts.map((c) => c.id)}::uuid[]) as id
    returning id, contact_id`;
  const conversationByWaId = new Map(conversations.map((c) => [contacts.find((k) => k.id === c.contact_id)?.wa_id ?? "", c.id]));
  for (let offset = 0; offset < MESSAGES; offset += 1000) {
    const rows = Array.from({ length: Math.min(1000, MESSAGES - offset) }, (_, i) => {
      const sequence = offset + i;
      return {
        workspace_id: channel.workspaceId,
        conversation_id: conversationByWaId.get(String(6281200000000 + (sequence % NUMBERS))) ?? "",
        wamid: newWamid(),
        direction: "inbound",
        type: "text",
        body: `Pesan nomor ${sequence}`,
        content: JSON.stringify({ type: "text", text: { body: `Pesan nomor ${sequence}` } }),
        status: "delivered",
        sender_type: "customer",
        sent_at: new Date(),
      };
    });
    await sql`insert into public.messages ${sql(rows)}`;
  }
  return performance.now() - started;
}

async function main() {
  const dataDir = path.join(repoRoot, ".data", "bench");
  await rm(dataDir, { recursive: true, force: true });
  const db = await startEmbeddedPostgres({ dataDir, port: POSTGRES_PORT, database: "conversa_bench" });
  await prepareDatabase({ appUrl: db.appUrl, superuserUrl: db.adminUrl, appRolePassword: "postgres" });
  const sql = postgres(db.appUrl, { max: 4, onnotice: () => {} });

  await buildIfNeeded();
  const app = spawn(path.join(repoRoot, "node_modules/.bin/next"), ["start", "-p", String(APP_PORT)], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: db.appUrl,
      AUTH_SECRET: "bench-secret-bench-secret-bench-secret",
      DATABASE_POOL_MAX: "20",
    },
  });
  const bare = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"ok":true}');
    });
  });
  bare.listen(BARE_PORT);

  try {
    await waitFor(`http://127.0.0.1:${APP_PORT}/login`, 60_000);
    const warm = await createBenchChannel(sql, "warmup");
    await load(APP_PORT, { channel: warm, seconds: 3 });

    // 1. Ack latency and sustained rate.
    const ackChannel = await createBenchChannel(sql, "ack");
    const ack = await load(APP_PORT, { channel: ackChannel });
    await sleep(3000);
    const at500 = await load(APP_PORT, { channel: ackChannel, rate: 500, seconds: 10 });
    await sleep(3000);
    const paced500 = await paced(APP_PORT, ackChannel, 500, 10);
    const bareRun = await load(BARE_PORT, { channel: ackChannel });
    const barePaced500 = await paced(BARE_PORT, ackChannel, 500, 10);

    // 2. End to end: 20,000 messages from 2,000 numbers until all are stored.
    await sleep(5000);
    const e2eChannel = await createBenchChannel(sql, "e2e");
    const e2eStart = performance.now();
    const e2eLoad = await load(APP_PORT, { channel: e2eChannel, amount: MESSAGES });
    let stored = await countMessages(sql, e2eChannel.workspaceId);
    while (stored < MESSAGES && performance.now() - e2eStart < 600_000) {
      await sleep(100);
      stored = await countMessages(sql, e2eChannel.workspaceId);
    }
    const e2eMs = performance.now() - e2eStart;

    // 3. Raw SQL reference.
    const rawChannel = await createBenchChannel(sql, "raw");
    const rawMs = await rawSqlReference(sql, rawChannel);

    const e2eRate = (stored / e2eMs) * 1000;
    const rawRate = (MESSAGES / rawMs) * 1000;
    const lines = [
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`,
      "",
      "| Measure | Value |",
      "|---|---|",
      `| 1. Ack latency at ${CONNECTIONS} connections (p50 / p99 / max) | ${ack.latency.p50} / ${ack.latency.p99} / ${ack.latency.max} ms |`,
      `| 1. Sustained rate at ${CONNECTIONS} connections | ${Math.round(ack.requests.average)} req/s (non-2xx: ${ack.non2xx}, errors: ${ack.errors}) |`,
      `| 1. Ack latency at a fixed 500 req/s (p50 / p99) | ${at500.latency.p50} / ${at500.latency.p99} ms (${Math.round(at500.requests.average)} req/s achieved) |`,
      `| 1. Ack latency at a paced 500 req/s, evenly spaced (p50 / p99 / max) | ${paced500.p50} / ${paced500.p99} / ${paced500.max} ms (${Math.round(paced500.perSecond)} req/s achieved, non-2xx ${paced500.non2xx}, errors ${paced500.errors}) |`,
      `| 2. End-to-end ingest, ${MESSAGES} messages from ${NUMBERS} numbers | ${Math.round(e2eRate)} messages/s (${stored} stored in ${(e2eMs / 1000).toFixed(1)} s; acks ${Math.round(e2eLoad.requests.average)} req/s, non-2xx ${e2eLoad.non2xx}) |`,
      `| 3. Raw SQL reference, same rows | ${Math.round(rawRate)} messages/s (${(rawMs / 1000).toFixed(1)} s) |`,
      `| Ratio 2 / 3 | ${((e2eRate / rawRate) * 100).toFixed(0)}% |`,
      `| 4. Bare Node HTTP server at ${CONNECTIONS} connections (p50 / p99) | ${bareRun.latency.p50} / ${bareRun.latency.p99} ms, ${Math.round(bareRun.requests.average)} req/s |`,
      `| 4. Bare Node HTTP server at a paced 500 req/s (p50 / p99 / max) | ${barePaced500.p50} / ${barePaced500.p99} / ${barePaced500.max} ms |`,
      `| Ratio 1 / 4 (req/s) | ${((ack.requests.average / bareRun.requests.average) * 100).toFixed(0)}% |`,
    ];
    console.log(`\n${lines.join("\n")}\n`);
  } finally {
    app.kill("SIGTERM");
    bare.close();
    await sql.end();
    await db.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
