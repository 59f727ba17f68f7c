/**
 * `npm run bench:inbox`: the agents' inbox on a large workspace, against the
 * real app (`next start`, production build) and a real PostgreSQL
 * (embedded, fresh, in .data/bench-inbox), with autocannon on loopback.
 *
 *   1. Seeds 100,000 contacts with a conversation each and 2,000,000
 *      messages (bench/inbox-seed.ts), with a progress bar.
 *   2. Runs each operation's own query code (src/server/inbox) directly
 *      against the database with auto_explain (EXPLAIN ANALYZE, BUFFERS of
 *      exactly the statements the app sends, as the signed-in user, under
 *      RLS), rolled back, and flags a Seq Scan on messages or conversations.
 *   3. Signs in as an agent (a session cookie minted with the app's own
 *      code) and measures, at 16 connections for 10 s each, the list pages
 *      and their filters and search, the thread, mark-as-read and send —
 *      through the inbox's Server Actions, as the browser calls them — and
 *      the two inbox pages. Sends go to a local fake of Meta's Cloud API.
 *      An operation whose first request takes over a second gets a few
 *      requests on one connection instead.
 *   4. Prints a Markdown table and the machine, and stops everything.
 *
 * Sizes and times can be lowered for a quick try: BENCH_CONTACTS,
 * BENCH_MESSAGES, BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CONNECTIONS;
 * BENCH_ONLY=<part of a name> runs only those operations. `--seed-only`
 * stops after seeding and the plans; `--reuse` keeps an already seeded
 * .data/bench-inbox.
 */

import { randomUUID } from "node:crypto";
import path from "node:path";
import type autocannon from "autocannon";
import type postgres from "postgres";
import { INBOX_PRESETS } from "@/lib/conversation-filter";
import type { Tx } from "@/server/db/client";
import { repoRoot } from "../scripts/database/prepare";
import { badSeqScan, explainOperation, type PlanReport, walk } from "./explain";
import { reportSends, startAppWithFakeMeta } from "./fake-meta";
import {
  type ActionName,
  actionCall,
  type InboxCall,
  type Inputs,
  inboxRequest,
  missingActions,
  pickInputs,
  readActionRoutes,
  signInAgent,
} from "./inbox-actions";
import { BENCH_AUTH_SECRET, benchInboxDataDir, INBOX_BENCH, type InboxSeed, openInboxDatabase } from "./inbox-seed";
import {
  buildIfNeeded,
  cleanupStack,
  cycle,
  fmt,
  HTTP_LOAD,
  type LatencySummary,
  machineDescription,
  measure,
  runMain,
  sleep,
  summarize,
} from "./support";

// BENCH_APP_PORT: another port when another checkout runs a benchmark (its fake Meta API takes the next one).
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 3210);
const { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS } = HTTP_LOAD;
/** Only the operations whose name contains this (a quick look at one of them). */
const ONLY = process.env.BENCH_ONLY;
const { contacts: CONTACTS, messages: MESSAGES } = INBOX_BENCH;
/** What src/app/actions/inbox.ts asks for (PAGE_SIZE, THREAD_PAGE_SIZE). */
const PAGE_SIZE = 30;
const THREAD_PAGE_SIZE = 50;
const NAME_SEARCH = "Rahayu";
const HEALTH = "GET /api/health (reference, no work)";
/** An operation whose first request takes longer is measured one request at a time (BENCH_SLOW_PROBE_MS on a loaded machine). */
const SLOW_PROBE_MS = Number(process.env.BENCH_SLOW_PROBE_MS ?? 1_000);
const SLOW_REQUESTS = 3;
/** Sequential requests before an operation is measured (fewer when one takes over 5 s). */
const PROBES = 3;
const SEED_ONLY = process.argv.includes("--seed-only");
const REUSE = process.argv.includes("--reuse");

const AUTH_SECRET = BENCH_AUTH_SECRET;

// The app's modules read their settings from process.env once (src/server/env.ts).
process.env.AUTH_SECRET = AUTH_SECRET;

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

interface Operation {
  name: string;
  /** One request (fresh input each time for cycling ones). */
  request: () => InboxCall;
  /** The operation's own queries, explained; none for the reference. */
  explain?: (tx: Tx) => Promise<unknown>;
  explainLabel?: string;
}

interface Row {
  name: string;
  latency: LatencySummary | null;
  failures: number;
  plan: PlanReport | null;
  note?: string;
}

async function operations(seed: Pick<InboxSeed, "workspaceId">, userId: string, inputs: Inputs): Promise<Operation[]> {
  const queries = await import("@/server/inbox/queries");
  const commands = await import("@/server/inbox/commands");
  const ws = seed.workspaceId;
  const actor = { workspaceId: ws, userId };
  // What the list asks for, the same for the Server Action and for its plan.
  const asked = (preset: "all" | "unread", extra: { search?: string; cursor?: Inputs["deepCursor"] } = {}) => ({
    filter: INBOX_PRESETS[preset],
    ...extra,
  });
  const list =
    (...query: Parameters<typeof asked>) =>
    (tx: Tx) =>
      queries.listConversations(tx, ws, { userId, country: "ID", limit: PAGE_SIZE, ...asked(...query) });
  const action = (name: ActionName, input: () => { conversationId?: string; [key: string]: unknown }) => () => actionCall(name, input());
  const thread = (conversationId: string) => async (tx: Tx) => {
    await queries.getConversation(tx, ws, conversationId);
    return queries.listMessages(tx, ws, conversationId, { limit: THREAD_PAGE_SIZE });
  };
  const recent = cycle(inputs.recent);
  const recentForPage = cycle(inputs.recent);
  // The last unread and window-open conversations are kept for the plans (rolled back there anyway).
  const unread = cycle(inputs.unread.slice(0, -1));
  const windowOpen = cycle(inputs.windowOpen.slice(0, -1));
  const reservedUnread = inputs.unread.at(-1) ?? "";
  const reservedOpen = inputs.windowOpen.at(-1) ?? "";
  return [
    // The floor of any request through Next.js on this machine, in the same run: the CPU ratios below are to it.
    { name: HEALTH, request: () => ({ method: "GET", path: "/api/health" }) },
    { name: "GET /inbox (page, list rendered)", request: () => ({ method: "GET", path: "/inbox" }), explain: list("all") },
    { name: "list: first page", request: action("getConversations", () => asked("all")), explain: list("all") },
    {
      name: `list: deep page (after ${inputs.deepOffset.toLocaleString("en-US")})`,
      request: action("getConversations", () => asked("all", { cursor: inputs.deepCursor })),
      explain: list("all", { cursor: inputs.deepCursor }),
    },
    { name: "list: unread filter", request: action("getConversations", () => asked("unread")), explain: list("unread") },
    {
      name: "GET /inbox/<id> (page, thread rendered)",
      request: () => ({ method: "GET", path: `/inbox/${recentForPage()}` }),
      explain: thread(inputs.busiest),
      explainLabel: "busiest conversation",
    },
    {
      name: "thread: first page",
      request: action("getMessages", () => ({ conversationId: recent() })),
      explain: thread(inputs.busiest),
      explainLabel: "busiest conversation",
    },
    {
      name: "mark as read",
      request: action("markAsRead", () => ({ conversationId: unread() })),
      explain: (tx) => commands.markAsRead(tx, actor, reservedUnread),
    },
    {
      name: "send text",
      request: action("sendMessage", () => ({
        conversationId: windowOpen(),
        idempotencyKey: randomUUID(),
        text: "Baik kak, pesanannya kami proses hari ini ya 🙏",
      })),
      explain: (tx) =>
        commands.sendText(tx, actor, { conversationId: reservedOpen, idempotencyKey: randomUUID(), text: "Baik kak, kami proses ya" }),
    },
    // Last: with no usable index they are slow and would hold the database busy for what follows.
    {
      name: `search: phone "${inputs.phoneSearch}"`,
      request: action("getConversations", () => asked("all", { search: inputs.phoneSearch })),
      explain: list("all", { search: inputs.phoneSearch }),
    },
    {
      name: `search: name "${NAME_SEARCH}"`,
      request: action("getConversations", () => asked("all", { search: NAME_SEARCH })),
      explain: list("all", { search: NAME_SEARCH }),
    },
  ];
}

/** Until the app's connections have no statement running (work left over from the last load), at most 5 minutes. */
async function waitForIdle(sql: postgres.Sql) {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and application_name = 'conversa' and state = 'active' and pid <> pg_backend_pid()`;
    if (!row?.n || Date.now() > deadline) return;
    await sleep(500);
  }
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

function table(rows: Row[]) {
  const lines = [
    "| Operation | p50 (ms) | p95 (ms) | p99 (ms) | req/s | server CPU per request (ms) | × reference | SQL time (ms) | plan ok | errors |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|",
  ];
  const reference = rows.find((row) => row.name === HEALTH)?.latency?.serverCpuPerRequest;
  for (const row of rows) {
    const l = row.latency;
    const bad = row.plan ? badSeqScan(row.plan) : [];
    const planOk = !row.plan ? "–" : bad.length ? `**no**: Seq Scan on ${bad.join(", ")}` : "yes";
    const sqlTime = row.plan
      ? `${fmt(row.plan.mainMs)}${row.plan.statements > 1 ? ` (${fmt(row.plan.totalMs)} in ${row.plan.statements})` : ""}`
      : "–";
    lines.push(
      l
        ? `| ${row.name} | ${fmt(l.p50)} | ${fmt(l.p95)} | ${fmt(l.p99)} | ${l.perSecond < 10 ? l.perSecond.toFixed(1) : Math.round(l.perSecond)} | ${l.serverCpuPerRequest === undefined ? "–" : fmt(l.serverCpuPerRequest)} | ${l.serverCpuPerRequest !== undefined && reference ? (l.serverCpuPerRequest / reference).toFixed(1) : "–"} | ${sqlTime} | ${planOk} | ${l.non2xx + l.errors + row.failures}${row.note ? ` (${row.note})` : ""} |`
        : `| ${row.name} | – | – | – | – | – | – | ${sqlTime} | ${planOk} | ${row.note ?? "not measured"} |`,
    );
  }
  return lines.join("\n");
}

async function main() {
  const dataDir = benchInboxDataDir();
  const { cleanups, run: cleanup } = cleanupStack();

  try {
    if (!SEED_ONLY) await buildIfNeeded(missingActions);
    const routes = readActionRoutes();

    const { db, sql, seed } = await openInboxDatabase({ reuse: REUSE });
    cleanups.push(
      () => db.stop(),
      () => sql.end(),
    );

    const [counts] = await sql<
      { conversations: number; unread: number; archived: number; assigned: number; open: number; messages: number }[]
    >`
      select (select count(*)::int from public.conversations where workspace_id = ${seed.workspaceId}) as conversations,
             (select count(*)::int from public.conversations where workspace_id = ${seed.workspaceId} and unread_count > 0) as unread,
             (select count(*)::int from public.conversations where workspace_id = ${seed.workspaceId} and status = 'resolved') as archived,
             (select count(*)::int from public.conversations where workspace_id = ${seed.workspaceId} and assigned_to is not null) as assigned,
             (select count(*)::int from public.conversations where workspace_id = ${seed.workspaceId}
                and last_customer_message_at > now() - interval '24 hours') as open,
             (select count(*)::int from public.messages where workspace_id = ${seed.workspaceId}) as messages`;
    console.log(
      `Workspace: ${counts?.conversations} conversations (${counts?.unread} unread, ${counts?.archived} archived, ${counts?.assigned} assigned, ${counts?.open} with the 24-hour window open), ${counts?.messages} messages.`,
    );

    const { agent: ana, claims, cookie } = await signInAgent(sql, seed.workspaceId);

    const inputs = await pickInputs(sql, seed.workspaceId);
    const ops = (await operations(seed, ana.id, inputs)).filter((op) => !ONLY || op.name.includes(ONLY));

    // Plans first, on a quiet database. Commands queue their job through pg-boss inside the transaction;
    // that insert is pg-boss's SQL, not the inbox's, so a stand-in queue takes it here.
    (globalThis as { conversaBoss?: Promise<unknown> }).conversaBoss = Promise.resolve({
      send: async () => null,
      createQueue: async () => {},
    });
    console.log("Explaining each operation's queries (auto_explain, ANALYZE, BUFFERS)…");
    const rows: Row[] = [];
    for (const op of ops) {
      const plan = op.explain ? await explainOperation(db.adminUrl, claims, op.explain) : null;
      rows.push({ name: op.name, latency: null, failures: 0, plan });
    }
    (globalThis as { conversaBoss?: Promise<unknown> }).conversaBoss = undefined;

    if (!SEED_ONLY) {
      const { fake, appLog, appPid } = await startAppWithFakeMeta({
        port: APP_PORT,
        databaseUrl: db.appUrl,
        authSecret: AUTH_SECRET,
        dataDir,
        logName: "app.log",
        cleanups,
      });

      const origin = `http://127.0.0.1:${APP_PORT}`;
      const session = { routes, origin, cookie, fallbackConversationId: inputs.recent[0] ?? "" };
      const toRequest = (op: Operation) => inboxRequest(op.request(), session);

      for (const [i, op] of ops.entries()) {
        const row = rows[i] as Row;
        // One request first: a page must render, an action must answer { ok: true }.
        const probe = toRequest(op);
        const wanted = op.request().action;
        if (wanted && !routes[wanted]) {
          row.note = "action not in the build";
          console.log(`✗ ${op.name}: ${wanted} is not in .next/server/server-reference-manifest.json (no page uses it yet)`);
          continue;
        }
        // The first requests of a route compile and warm it up: the probe's time is the last of a few.
        let response: Response | null = null;
        let text = "";
        let probeMs = 0;
        for (let attempt = 0; attempt < PROBES && (attempt === 0 || probeMs < SLOW_PROBE_MS * 5); attempt++) {
          const probeStarted = performance.now();
          response = await fetch(`${origin}${probe.path}`, {
            method: probe.method,
            headers: probe.headers,
            body: probe.body,
            redirect: "manual",
          });
          text = await response.text();
          probeMs = performance.now() - probeStarted;
          if (response.status !== 200) break;
        }
        if (!response) continue;
        const isAction = probe.method === "POST";
        if (response.status !== 200 || (isAction && !text.includes('"ok":true'))) {
          const refusal = /"ok":false,"error":\{"code":"[^"]*","message":"([^"]*)"/.exec(text)?.[1];
          row.note = refusal ? `failed: ${refusal}` : `failed: HTTP ${response.status}`;
          console.log(`✗ ${op.name}: HTTP ${response.status} ${text.slice(0, 300).replace(/\s+/g, " ")}`);
          continue;
        }
        const base: autocannon.Options = {
          url: origin,
          timeout: 60,
          requests: [{ setupRequest: (request) => ({ ...request, ...toRequest(op) }) }],
          ...(isAction && { verifyBody: (body: unknown) => !String(body).includes('"ok":false') }),
        };
        let latency: LatencySummary;
        if (probeMs > SLOW_PROBE_MS) {
          // Sixteen of these at once would only queue up on two cores for minutes (and slow every later
          // measurement): a few requests one at a time show the cost instead.
          // Past 10 s the first request is the only one.
          const more = probeMs > 10_000 ? 0 : SLOW_REQUESTS - 1;
          console.log(`! ${op.name}: one request took ${(probeMs / 1000).toFixed(1)} s; ${1 + more} request(s) on 1 connection`);
          const rest = more ? await measure({ ...base, connections: 1, amount: more }, appPid) : null;
          const samples = [probeMs, ...(rest?.times ?? [])].sort((a, b) => a - b);
          latency = {
            ...summarize(samples, samples.reduce((sum, t) => sum + t, 0) / 1000),
            non2xx: rest?.non2xx ?? 0,
            errors: rest?.errors ?? 0,
            mismatches: rest?.mismatches ?? 0,
            serverCpuPerRequest: rest?.serverCpuPerRequest,
          };
          row.note = `${samples.length} request(s), 1 connection`;
        } else {
          if (WARMUP_SECONDS > 0) await measure({ ...base, connections: CONNECTIONS, duration: WARMUP_SECONDS });
          latency = await measure({ ...base, connections: CONNECTIONS, duration: SECONDS }, appPid);
        }
        row.latency = latency;
        row.failures = latency.mismatches;
        if (latency.requests === 0) row.note = "no request finished in time";
        console.log(
          `✓ ${op.name}: p50 ${fmt(latency.p50)} / p95 ${fmt(latency.p95)} / p99 ${fmt(latency.p99)} ms, ${Math.round(latency.perSecond)} req/s` +
            (latency.serverCpuPerRequest !== undefined ? `, server CPU ${fmt(latency.serverCpuPerRequest)} ms per request` : "") +
            (latency.bytesPerResponse ? `, ${(latency.bytesPerResponse / 1024).toFixed(1)} KiB per response` : "") +
            (latency.non2xx + latency.errors + latency.mismatches
              ? `, ${latency.non2xx} non-2xx, ${latency.errors} errors, ${latency.mismatches} answered { ok: false }`
              : ""),
        );
        await waitForIdle(sql);
      }

      await reportSends(sql, seed.workspaceId, "agent", fake, path.relative(repoRoot, appLog));
    }

    console.log(`\nMachine: ${machineDescription()}`);
    if (seed.seconds)
      console.log(
        `Seed: ${CONTACTS.toLocaleString("en-US")} conversations, ${MESSAGES.toLocaleString("en-US")} messages in ${seed.seconds.toFixed(0)} s`,
      );
    console.log(
      `${CONNECTIONS} connections, ${SECONDS} s per operation after ${WARMUP_SECONDS} s of warm-up; SQL time = main query (total of the operation's statements)\n`,
    );
    console.log(table(rows));
    console.log("\nPlans (last run of each):");
    for (const row of rows) {
      const plan = row.plan;
      if (!plan) continue;
      const shape: string[] = [];
      walk(plan.main.plan, (node) => {
        const target = node["Index Name"] ? ` using ${node["Index Name"]}` : node["Relation Name"] ? ` on ${node["Relation Name"]}` : "";
        shape.push(`${node["Node Type"]}${target} (${node["Actual Rows"] ?? "?"} rows)`);
      });
      const outline = shape.join(" › ");
      const op = ops.find((o) => o.name === row.name);
      console.log(
        `- ${row.name}${op?.explainLabel ? ` (${op.explainLabel})` : ""}: main query ${fmt(plan.mainMs)} ms: ${outline}; all indexes used: ${plan.indexes.join(", ") || "none"}` +
          (plan.seqScans.length ? `; Seq Scan on ${plan.seqScans.join(", ")}` : ""),
      );
    }
  } finally {
    await cleanup();
  }
}

runMain(main);
