/**
 * `npm run bench:broadcast`: the sender under real broadcasts, against a
 * real PostgreSQL (embedded, fresh, in .data/bench-broadcast) and a fake of
 * Meta's Cloud API that answers every send after 150 ms.
 *
 *   1. Creates a workspace with BENCH_NUMBERS WhatsApp numbers, an approved
 *      template, and one broadcast per number through the app's own code
 *      (`createBroadcast`, as the API's POST /api/v1/broadcasts calls it),
 *      together BENCH_MESSAGES recipients given as a CSV of numbers: the
 *      worker expands each audience, queues its messages and sends them.
 *   2. Starts the job worker (`npm run worker`'s script, its own process).
 *      The first run lets it finish; the second `kill -9`s it once
 *      BENCH_KILL_AT of the sends reached the fake and starts it again
 *      (BENCH_RUNS=clean or =kill runs one of them).
 *   3. When nothing is left to send, delivers Meta's "sent" status for every
 *      answered send, as the webhook pipeline records it (message_statuses):
 *      the status carries biz_opaque_callback_data, which settles a message
 *      the killed worker sent but could not record.
 *   4. Prints sends/s per number and in total, the time to finish, the
 *      worker's CPU per send (both processes, from /proc), duplicates (a
 *      message the fake received more than once) and lost messages (never
 *      received, or not marked sent).
 *
 * BENCH_PROVIDER_MS changes the fake's answer time; BENCH_POSTGRES_PORT and
 * BENCH_PROVIDER_PORT move it off 54336 / 3290 when another checkout's
 * benchmark runs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../scripts/database/embedded";
import { prepareDatabase, repoRoot } from "../scripts/database/prepare";
import { cleanupStack, cpuMs, machineDescription, runMain, sleep } from "./support";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const NUMBERS = Number(process.env.BENCH_NUMBERS ?? 8);
const PROVIDER_MS = Number(process.env.BENCH_PROVIDER_MS ?? 150);
const KILL_AT = Number(process.env.BENCH_KILL_AT ?? 0.5);
const RUNS = (process.env.BENCH_RUNS ?? "clean,kill").split(",");
const POSTGRES_PORT = Number(process.env.BENCH_POSTGRES_PORT ?? 54336);
const PROVIDER_PORT = Number(process.env.BENCH_PROVIDER_PORT ?? 3290);
const AUTH_SECRET = "bench-broadcast-secret-0123456789abcdef";
/** Gives up waiting for the last sends after this long (a stuck sender is a result too). */
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_SECONDS ?? 900) * 1000;

interface Send {
  phoneNumberId: string;
  at: number;
}

/**
 * Meta's `POST /{phone-number-id}/messages`: a wamid per send, answered
 * after `answerAfterMs`. Sends are counted per message (its
 * biz_opaque_callback_data, else its recipient: each recipient gets one).
 */
function startFakeCloudApi(port: number, answerAfterMs: number) {
  const perMessage = new Map<string, number>();
  const sends: Send[] = [];
  const answered: { wamid: string; key: string; to: string }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const match = /^\/([^/]+)\/messages$/.exec(request.url ?? "");
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { to?: string; biz_opaque_callback_data?: string };
      if (request.method !== "POST" || !match?.[1] || !body.to) {
        response.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"Unknown path","code":100}}');
        return;
      }
      const key = body.biz_opaque_callback_data ?? body.to;
      perMessage.set(key, (perMessage.get(key) ?? 0) + 1);
      sends.push({ phoneNumberId: match[1], at: performance.now() });
      const wamid = `wamid.${randomBytes(12).toString("hex")}`;
      setTimeout(() => {
        answered.push({ wamid, key, to: body.to as string });
        response
          .writeHead(200, { "content-type": "application/json" })
          .end(
            JSON.stringify({ messaging_product: "whatsapp", contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: wamid }] }),
          );
      }, answerAfterMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, "127.0.0.1");
  return { perMessage, sends, answered, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * The workspace's numbers, an approved template, and one broadcast per
 * number sending now, created as the API creates them (an API key's
 * transaction, `createBroadcast`): `count` recipients in all, each number's
 * share as a CSV of phone numbers that become contacts when the worker
 * expands the audience.
 */
async function createBroadcasts(sql: postgres.Sql, workspaceId: string, channelIds: string[], count: number) {
  const [template] = await sql<{ id: string }[]>`
    insert into public.whatsapp_templates (workspace_id, provider_template_id, name, language, category, status, components)
    values (${workspaceId}, ${`bench-${workspaceId}`}, 'spring_sale', 'en', 'MARKETING', 'APPROVED',
            ${sql.json([{ type: "BODY", text: "Hi {{1}}, spring sale starts today." }])})
    returning id`;
  const [key] = await sql<{ id: string }[]>`
    insert into public.api_keys (workspace_id, name, prefix, key_hash, scope)
    values (${workspaceId}, 'Bench', 'cv_bench000', encode(sha256(${workspaceId}::text::bytea), 'hex'), 'write')
    returning id`;
  if (!template || !key) throw new Error("no template or key");
  const { asApiKey } = await import("@/server/db/client");
  const { createBroadcast } = await import("@/server/broadcasts/commands");
  const claims = {
    sub: key.id,
    role: "authenticated",
    aud: "authenticated",
    api_key: true,
    workspace_id: workspaceId,
    scope: "write",
  } as const;
  for (const [n, channelId] of channelIds.entries()) {
    const phones = Array.from({ length: count }, (_, i) => i)
      .filter((i) => i % channelIds.length === n)
      .map((i) => `+1555${String(i).padStart(7, "0")}`);
    await asApiKey(claims, (tx) =>
      createBroadcast(
        tx,
        { workspaceId, apiKeyId: key.id },
        {
          name: `Spring sale ${n + 1}`,
          channelId,
          templateId: template.id,
          parameters: { "body.1": { source: "contact", field: "first_name", fallback: "there" } },
          filter: null,
          csv: { phones, invalid: [], duplicates: 0 },
          start: "now",
        },
      ),
    );
  }
}

/** `npm run worker` as a plain node process (tsx as a loader, so `kill -9` hits the worker itself). */
function startWorker(env: Record<string, string>, log: string): ChildProcess {
  // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of each worker that stops gracefully (not the killed one).
  const profile = process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROFILE)}`] : [];
  return spawn(process.execPath, [...profile, "--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: log, ...env },
  });
}

function perSecond(sends: Send[]): number {
  if (sends.length < 2) return 0;
  const first = sends[0] as Send;
  const last = sends.at(-1) as Send;
  return ((sends.length - 1) / (last.at - first.at)) * 1000;
}

/** One run: a fresh workspace's broadcasts sent by the worker, killed once when `killAt` > 0. */
async function runOnce(sql: postgres.Sql, appUrl: string, killAt: number) {
  const { cleanups, run } = cleanupStack();
  try {
    const [workspace] = await sql<{ id: string }[]>`
      insert into public.workspaces (name, slug) values ('Broadcast bench', ${`bench-broadcast-${Date.now()}`}) returning id`;
    if (!workspace) throw new Error("no workspace");
    const channels = await sql<{ id: string; phone_number_id: string }[]>`
      insert into public.whatsapp_channels (workspace_id, provider, phone_number_id, display_phone_number, name)
      select ${workspace.id}, 'meta', (100000000000000 + ${Date.now() % 1_000_000} * 100 + i)::text, '+1 555 000 ' || i, 'Number ' || i
      from generate_series(1, ${NUMBERS}::int) i
      returning id, phone_number_id`;
    await createBroadcasts(
      sql,
      workspace.id,
      channels.map((c) => c.id),
      MESSAGES,
    );
    const fake = startFakeCloudApi(PROVIDER_PORT, PROVIDER_MS);
    cleanups.push(() => fake.close());
    const workerEnv = { DATABASE_URL: appUrl, AUTH_SECRET, META_GRAPH_URL: `http://127.0.0.1:${PROVIDER_PORT}` };

    const begin = performance.now();
    let worker = startWorker(workerEnv, "warn");
    let cpu = 0;
    let measuredSends = 0;
    const stopWorker = async (signal: NodeJS.Signals) => {
      if (worker.exitCode !== null || worker.signalCode !== null) return;
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.kill(signal);
      await exited;
    };
    cleanups.push(() => stopWorker("SIGKILL"));
    let killedAt: number | null = null;
    let lastProgress = 0;
    // Left to send: recipients not yet queued, and messages pending that nobody claimed. Claimed ones whose
    // answer the kill lost wait for their status.
    const unsent = async () => {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from public.broadcast_recipients r
        left join public.messages m on m.id = r.message_id
        where r.workspace_id = ${workspace.id} and r.state <> 'skipped'
          and (r.message_id is null or (m.status = 'pending' and m.send_claimed_at is null))`;
      return row?.n ?? 0;
    };
    // CPU counts from each worker's first send: starting it (tsx compiling the app) is not sending.
    let baseline: { cpu: number; sends: number } | null = null;
    for (;;) {
      await sleep(200);
      const sent = fake.perMessage.size;
      if (!baseline && fake.sends.length > (killedAt ?? 0)) baseline = { cpu: cpuMs(worker.pid as number), sends: fake.sends.length };
      if (killedAt === null && killAt > 0 && sent >= MESSAGES * killAt) {
        cpu += cpuMs(worker.pid as number) - (baseline?.cpu ?? 0);
        measuredSends += fake.sends.length - (baseline?.sends ?? 0);
        baseline = null;
        await stopWorker("SIGKILL");
        killedAt = sent;
        console.log(
          `kill -9 of the worker after ${sent.toLocaleString("en-US")} sends (${((performance.now() - begin) / 1000).toFixed(1)} s); restarting it.`,
        );
        worker = startWorker(workerEnv, "warn");
      }
      if (performance.now() - lastProgress > 5000) {
        lastProgress = performance.now();
        console.log(`  ${((performance.now() - begin) / 1000).toFixed(0)} s: ${sent.toLocaleString("en-US")} messages reached the fake`);
      }
      if (sent >= MESSAGES || (killedAt !== null && (await unsent()) === 0) || performance.now() - begin > DEADLINE_MS) break;
    }
    const finished = performance.now();
    // The last answers are recorded by the worker a moment after the fake sent them.
    const recorded = async () => {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from public.messages where workspace_id = ${workspace.id} and status = 'pending' and send_claimed_at is not null`;
      return row?.n ?? 0;
    };
    for (let i = 0; i < 25 && (await recorded()) > 0; i++) await sleep(200);
    // A restarted worker that sent nothing has no baseline: its start is not sending.
    if (baseline) {
      cpu += cpuMs(worker.pid as number) - baseline.cpu;
      measuredSends += fake.sends.length - baseline.sends;
    }
    await stopWorker("SIGTERM");
    const [unsettled] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.messages where workspace_id = ${workspace.id} and status = 'pending' and wamid is null`;

    // Meta's "sent" status for every answered send, recorded as the webhook pipeline records it.
    await sql`
      insert into public.message_statuses (workspace_id, wamid, status, occurred_at, errors, details)
      select ${workspace.id}, s.wamid, 'sent', now(), '[]'::jsonb, jsonb_build_object('biz_opaque_callback_data', s.key)
      from jsonb_to_recordset(${sql.json(fake.answered.filter((a) => a.key !== a.to))}) as s(wamid text, key text)
      on conflict do nothing`;
    const [rows] = await sql<{ sent: number; failed: number; pending: number; total: number }[]>`
      select count(*) filter (where status <> 'pending' and status <> 'failed')::int as sent,
             count(*) filter (where status = 'failed')::int as failed,
             count(*) filter (where status = 'pending')::int as pending,
             count(*)::int as total
      from public.messages where workspace_id = ${workspace.id}`;

    const duplicates = [...fake.perMessage.values()].reduce((sum, n) => sum + n - 1, 0);
    const seconds = ((fake.sends.at(-1)?.at ?? finished) - begin) / 1000;
    const totalSends = fake.sends.length;
    console.log(
      `\n${machineDescription()}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(", ")}`,
    );
    console.log(
      `${MESSAGES.toLocaleString("en-US")} recipients in ${NUMBERS} broadcasts (one per number), fake answers after ${PROVIDER_MS} ms, ` +
        `${killedAt === null ? "no kill" : `kill -9 after ${killedAt.toLocaleString("en-US")} sends`}\n`,
    );
    console.log("| Number | Sends | Sends/s |\n|---|---:|---:|");
    for (const channel of channels) {
      const own = fake.sends.filter((s) => s.phoneNumberId === channel.phone_number_id);
      console.log(`| ${channel.phone_number_id} | ${own.length} | ${perSecond(own).toFixed(1)} |`);
    }
    console.log(
      `\nTime to finish: ${seconds.toFixed(1)} s from the worker's start to the last send (audiences expanded and queued meanwhile) = ` +
        `${(totalSends / seconds).toFixed(1)} sends/s; steady (first to last send, all numbers): ${perSecond(fake.sends).toFixed(1)} sends/s` +
        ` (${fake.perMessage.size.toLocaleString("en-US")} distinct messages)`,
    );
    console.log(
      `Worker CPU from each worker's first send: ${cpu.toFixed(0)} ms for ${measuredSends.toLocaleString("en-US")} sends, ${(cpu / Math.max(1, measuredSends)).toFixed(2)} ms per send`,
    );
    console.log(`Duplicates (a message received twice or more): ${duplicates}`);
    const [doubt] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.messages
      where workspace_id = ${workspace.id} and status = 'pending' and wamid is null`;
    console.log(`Lost (never received by the fake): ${MESSAGES - fake.perMessage.size}`);
    console.log(
      `  of which claimed when the worker was killed, request not yet out: ${doubt?.n ?? 0} (left pending, not re-sent: after ${10} minutes without a status they fail as "delivery unknown")`,
    );
    console.log(
      `Rows: ${rows?.total} messages: ${rows?.sent} sent, ${rows?.failed} failed, ${rows?.pending} still pending; ` +
        `${unsettled?.n} had no wamid when the worker stopped (answered, not recorded: settled by the status above)\n`,
    );
  } finally {
    await run();
  }
}

async function main() {
  const { cleanups, run } = cleanupStack();
  try {
    const dataDir = path.join(repoRoot, ".data", "bench-broadcast");
    await rm(dataDir, { recursive: true, force: true });
    const db = await startEmbeddedPostgres({ dataDir, port: POSTGRES_PORT, database: "conversa_bench" });
    cleanups.push(() => db.stop());
    await prepareDatabase({ appUrl: db.appUrl, superuserUrl: db.adminUrl, appRolePassword: "postgres" });
    Object.assign(process.env, { DATABASE_URL: db.appUrl, AUTH_SECRET, LOG_LEVEL: "warn" });
    const sql = postgres(db.appUrl, { max: 2, onnotice: () => {} });
    cleanups.push(() => sql.end({ timeout: 1 }));
    const { stopQueue } = await import("@/server/jobs/queue");
    cleanups.push(() => stopQueue());
    for (const kind of RUNS) await runOnce(sql, db.appUrl, kind === "kill" ? KILL_AT : 0);
  } finally {
    await run();
  }
}

runMain(main);
