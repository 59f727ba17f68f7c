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
 *   3. Meanwhile sends Meta's statuses of every answered send to the app, as
 *      Meta does, through the webhook pipeline (signed, stored, processed):
 *      "sent" and "delivered" a second or so after the answer, "read" at a
 *      random moment of the next two minutes (customers reading the
 *      broadcast; real ones keep coming for hours), each with our message id
 *      in biz_opaque_callback_data. That settles a message the killed worker
 *      sent but could not record, and releases one it claimed but never sent
 *      (docs/architecture.md, "The send job").
 *   4. Prints, every BENCH_PROGRESS_SECONDS, each number's sends/s and
 *      messages queued so far; at the end sends/s per number and in total,
 *      the time to finish, the worker's CPU per send (both processes, from
 *      /proc), PostgreSQL's and this process's CPU per send, duplicates (a
 *      message the fake received more than once), lost messages (never
 *      received, or not marked sent) and what the kill left in doubt.
 *
 * BENCH_PROVIDER_MS changes the fake's answer time; BENCH_POSTGRES_PORT and
 * BENCH_PROVIDER_PORT move it off 54336 / 3290 when another checkout's
 * benchmark runs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../scripts/database/embedded";
import { prepareDatabase, repoRoot } from "../scripts/database/prepare";
import { metaStatus } from "../scripts/webhooks/payloads";
import { cleanupStack, cpuMs, loadAverage, machineDescription, procStat, runMain, sleep } from "./support";

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
/** A progress line (per number: sends/s since the last line, messages queued so far) this often. */
const PROGRESS_MS = Number(process.env.BENCH_PROGRESS_SECONDS ?? 5) * 1000;

interface Send {
  phoneNumberId: string;
  at: number;
}

interface Answer extends Send {
  wamid: string;
  /** biz_opaque_callback_data (our message id), else the recipient. */
  key: string;
  to: string;
}

/** A read receipt comes this long after the answer, at most (spread at random). */
const READ_WITHIN_MS = 120_000;

/**
 * Meta's side of the statuses: every second, one webhook per number with
 * "sent" and "delivered" for the sends answered since, and "read" for those
 * whose random reading moment came; signed with the number's secret,
 * received and processed by the app's own webhook code. Returns a function
 * that stops it, delivering what is due.
 */
async function deliverStatuses(answered: Answer[], channels: { phone_number_id: string; webhook_secret: string }[]) {
  const { receiveWebhook } = await import("@/server/ingest/receive");
  const { processWebhookEvents } = await import("@/server/ingest/process-event");
  let reported = 0;
  const reads: (Answer & { readAt: number })[] = [];
  const deliver = async (channel: (typeof channels)[number], statuses: Record<string, unknown>[]) => {
    const body = metaStatus(
      { phoneNumberId: channel.phone_number_id, displayPhoneNumber: "15550000000" },
      { wamid: "x", status: "sent", recipient: "x" },
    );
    const value = body.entry[0]?.changes[0]?.value as { statuses: Record<string, unknown>[] };
    value.statuses = statuses;
    const raw = JSON.stringify(body);
    const signature = createHmac("sha256", channel.webhook_secret).update(raw).digest("hex");
    const response = await receiveWebhook({
      provider: "meta",
      rawBody: new TextEncoder().encode(raw),
      headers: new Headers({ "content-type": "application/json", "x-hub-signature-256": `sha256=${signature}` }),
    });
    if (response.status !== 200) throw new Error(`status webhook refused: ${response.status}`);
    await processWebhookEvents(response.storedEventIds);
  };
  const status = (a: Answer, kind: string) => ({
    id: a.wamid,
    status: kind,
    timestamp: String(Math.floor(Date.now() / 1000)),
    recipient_id: a.to,
    biz_opaque_callback_data: a.key,
  });
  const deliverDue = async (all: boolean) => {
    const fresh = answered.slice(reported).filter((a) => a.key !== a.to);
    reported = answered.length;
    for (const a of fresh) reads.push({ ...a, readAt: a.at + Math.random() * READ_WITHIN_MS });
    const now = performance.now();
    const due = reads.filter((r) => all || r.readAt <= now);
    for (const r of due) reads.splice(reads.indexOf(r), 1);
    for (const channel of channels) {
      const statuses = [
        ...fresh.filter((a) => a.phoneNumberId === channel.phone_number_id).flatMap((a) => [status(a, "sent"), status(a, "delivered")]),
        ...due.filter((r) => r.phoneNumberId === channel.phone_number_id).map((r) => status(r, "read")),
      ];
      if (statuses.length > 0) await deliver(channel, statuses);
    }
  };
  let running = true;
  const loop = (async () => {
    while (running) {
      await sleep(1000);
      await deliverDue(false);
    }
  })();
  return async () => {
    running = false;
    await loop;
    await deliverDue(true);
  };
}

/**
 * Meta's `POST /{phone-number-id}/messages`: a wamid per send, answered
 * after `answerAfterMs`. Sends are counted per message (its
 * biz_opaque_callback_data, else its recipient: each recipient gets one).
 */
function startFakeCloudApi(port: number, answerAfterMs: number) {
  const perMessage = new Map<string, number>();
  const sends: Send[] = [];
  const answered: Answer[] = [];
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
        answered.push({ wamid, key, to: body.to as string, phoneNumberId: match[1] as string, at: performance.now() });
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

/**
 * CPU time (ms) of the embedded PostgreSQL so far: the postmaster, the
 * backends it has reaped (its children's times) and those alive. Where the
 * machine's cores go besides the worker: queueing, claims, records, statuses.
 */
function postgresCpuMs(dataDir: string): number {
  const pidFile = path.join(dataDir, "postmaster.pid");
  // A server already running on the port was reused (startEmbeddedPostgres): not ours to count.
  if (!existsSync(pidFile)) return Number.NaN;
  const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  let ms = cpuMs(postmaster, { reaped: true });
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      // The parent's pid is field 4 of stat.
      if (Number(procStat(Number(pid))[1]) === postmaster) ms += cpuMs(Number(pid));
    } catch {
      // Gone meanwhile: its time is in the postmaster's children's.
    }
  }
  return ms;
}

function perSecond(sends: Send[]): number {
  if (sends.length < 2) return 0;
  const first = sends[0] as Send;
  const last = sends.at(-1) as Send;
  return ((sends.length - 1) / (last.at - first.at)) * 1000;
}

/** One run: a fresh workspace's broadcasts sent by the worker, killed once when `killAt` > 0. */
async function runOnce(sql: postgres.Sql, appUrl: string, dataDir: string, killAt: number) {
  const { cleanups, run } = cleanupStack();
  try {
    const [workspace] = await sql<{ id: string }[]>`
      insert into public.workspaces (name, slug) values ('Broadcast bench', ${`bench-broadcast-${Date.now()}`}) returning id`;
    if (!workspace) throw new Error("no workspace");
    const channels = await sql<{ id: string; phone_number_id: string; webhook_secret: string }[]>`
      insert into public.whatsapp_channels (workspace_id, provider, phone_number_id, display_phone_number, name)
      select ${workspace.id}, 'meta', (100000000000000 + ${Date.now() % 1_000_000} * 100 + i)::text, '+1 555 000 ' || i, 'Number ' || i
      from generate_series(1, ${NUMBERS}::int) i
      returning id, phone_number_id, webhook_secret`;
    await createBroadcasts(
      sql,
      workspace.id,
      channels.map((c) => c.id),
      MESSAGES,
    );
    const fake = startFakeCloudApi(PROVIDER_PORT, PROVIDER_MS);
    cleanups.push(() => fake.close());
    const stopStatuses = await deliverStatuses(fake.answered, channels);
    cleanups.push(() => stopStatuses());
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
    let lastProgress = begin;
    // What the kill left in doubt (claimed, no wamid), and which of those never reached the fake.
    let inDoubt: string[] = [];
    let neverOut: string[] = [];
    // Left to send: recipients not yet queued, and messages still pending (in doubt ones included: their
    // status settles them, or the statuses of their number's later sends release them).
    const unsent = async () => {
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from public.broadcast_recipients r
        left join public.messages m on m.id = r.message_id
        where r.workspace_id = ${workspace.id} and r.state <> 'skipped'
          and (r.message_id is null or m.status = 'pending')`;
      return row?.n ?? 0;
    };
    // CPU counts from each worker's first send: starting it (tsx compiling the app) is not sending.
    let baseline: { cpu: number; sends: number } | null = null;
    // PostgreSQL's and this process's (fake Meta, status webhooks) CPU, from the first send to the last.
    let others: { postgres: number; bench: number; sends: number } | null = null;
    const benchCpuMs = () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    };
    for (;;) {
      await sleep(200);
      const sent = fake.perMessage.size;
      if (!baseline && fake.sends.length > (killedAt ?? 0)) baseline = { cpu: cpuMs(worker.pid as number), sends: fake.sends.length };
      if (!others && fake.sends.length > 0) others = { postgres: postgresCpuMs(dataDir), bench: benchCpuMs(), sends: fake.sends.length };
      if (killedAt === null && killAt > 0 && sent >= MESSAGES * killAt) {
        cpu += cpuMs(worker.pid as number) - (baseline?.cpu ?? 0);
        measuredSends += fake.sends.length - (baseline?.sends ?? 0);
        baseline = null;
        await stopWorker("SIGKILL");
        killedAt = sent;
        inDoubt = (
          await sql<{ id: string }[]>`
            select id from public.messages
            where workspace_id = ${workspace.id} and status = 'pending' and wamid is null and send_claimed_at is not null`
        ).map((r) => r.id);
        neverOut = inDoubt.filter((id) => !fake.perMessage.has(id));
        console.log(
          `kill -9 of the worker after ${sent.toLocaleString("en-US")} sends (${((performance.now() - begin) / 1000).toFixed(1)} s); restarting it.`,
        );
        worker = startWorker(workerEnv, "warn");
      }
      if (performance.now() - lastProgress > PROGRESS_MS) {
        const now = performance.now();
        // Per number: sends since the last line, and messages queued so far (its broadcast's recipients with a message).
        const queued = await sql<{ channel_id: string; n: number }[]>`
          select b.channel_id, count(r.message_id)::int as n from public.broadcasts b
          join public.broadcast_recipients r on r.workspace_id = b.workspace_id and r.broadcast_id = b.id
          where b.workspace_id = ${workspace.id} group by b.channel_id`;
        const queuedOf = new Map(queued.map((q) => [q.channel_id, q.n]));
        const recent = fake.sends.filter((s) => s.at > lastProgress);
        const perNumber = channels.map((c) => {
          const rate = (recent.filter((s) => s.phoneNumberId === c.phone_number_id).length / (now - lastProgress)) * 1000;
          return `${rate.toFixed(0)}/${queuedOf.get(c.id) ?? 0}`;
        });
        lastProgress = now;
        console.log(
          `  ${((now - begin) / 1000).toFixed(0)} s: ${sent.toLocaleString("en-US")} messages reached the fake; per number sends/s / queued: ${perNumber.join(" ")}`,
        );
      }
      if ((sent >= MESSAGES || killedAt !== null) && (await unsent()) === 0) break;
      if (performance.now() - begin > DEADLINE_MS) break;
    }
    const finished = performance.now();
    const othersSends = fake.sends.length - (others?.sends ?? 0);
    const postgresPerSend = others ? (postgresCpuMs(dataDir) - others.postgres) / Math.max(1, othersSends) : 0;
    const benchPerSend = others ? (benchCpuMs() - others.bench) / Math.max(1, othersSends) : 0;
    // A restarted worker that sent nothing has no baseline: its start is not sending.
    if (baseline) {
      cpu += cpuMs(worker.pid as number) - baseline.cpu;
      measuredSends += fake.sends.length - baseline.sends;
    }
    await stopWorker("SIGTERM");
    // The read receipts still to come, so the rows end as Meta would leave them.
    await stopStatuses();
    const [rows] = await sql<{ sent: number; failed: number; pending: number; total: number }[]>`
      select count(*) filter (where status <> 'pending' and status <> 'failed')::int as sent,
             count(*) filter (where status = 'failed')::int as failed,
             count(*) filter (where status = 'pending')::int as pending,
             count(*)::int as total
      from public.messages where workspace_id = ${workspace.id}`;

    const duplicates = [...fake.perMessage.values()].reduce((sum, n) => sum + n - 1, 0);
    const seconds = ((fake.sends.at(-1)?.at ?? finished) - begin) / 1000;
    const totalSends = fake.sends.length;
    console.log(`\n${machineDescription()}; load average ${loadAverage()}`);
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
    console.log(
      `PostgreSQL CPU per send (queueing, claims, records, statuses): ${postgresPerSend.toFixed(2)} ms; ` +
        `this process's (fake Meta, status webhooks): ${benchPerSend.toFixed(2)} ms`,
    );
    console.log(`Duplicates (a message received twice or more): ${duplicates}`);
    console.log(`Lost (never received by the fake): ${MESSAGES - fake.perMessage.size}`);
    if (killedAt !== null) {
      const resent = neverOut.filter((id) => fake.perMessage.get(id) === 1).length;
      console.log(
        `In doubt at the kill (claimed, no wamid): ${inDoubt.length}: ${inDoubt.length - neverOut.length} answered by the fake, not recorded ` +
          `(settled by their status); ${neverOut.length} whose request never left (released by their number's later statuses): ` +
          `${resent} sent again once`,
      );
    }
    console.log(`Rows: ${rows?.total} messages: ${rows?.sent} sent, ${rows?.failed} failed, ${rows?.pending} still pending\n`);
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
    for (const kind of RUNS) await runOnce(sql, db.appUrl, dataDir, kind === "kill" ? KILL_AT : 0);
  } finally {
    await run();
  }
}

runMain(main);
