/**
 * `npm run bench:live`: the live inbox at team scale (issue 22). The
 * production build (`next start`, job worker inside) on a small seeded
 * workspace (bench/inbox-seed.ts; BENCH_CONTACTS 5,000 / BENCH_MESSAGES
 * 50,000 unless set, in .data/bench-live), signed Meta webhooks at a steady
 * rate (bench/webhook-load.ts `paced`, each from a new number: a new
 * conversation, the case that used to be lost; sent from a child process,
 * bench/webhook-sender.ts, so that the acks are not timed on the event loop
 * that parses every tab's stream), and A emulated agent tabs
 * that behave as the browser does: one SSE stream each (/api/realtime),
 * pushed rows merged into the list with the browser's own code
 * (src/components/inbox/live-list.ts), the first page refetched through the
 * getConversations Server Action only on `resync` (connect, reconnect, a
 * gap in the sequence).
 *
 * For each setting A tabs × R messages/s (1×1, 10×5, 50×5, 50×20, 100×20,
 * 200×20; `--settings=100x20,1x1` to choose) for `--duration` seconds (30):
 * webhook → first event and webhook → visible on the tab's first page
 * (30 rows), p50/p95/p99 over every tab × message pair, how many pairs never
 * became visible, server CPU per inbound message (/proc of the server),
 * refetches per message, webhook ack p99 (and each webhook not acked, with
 * its error's class). In the same run, references:
 * "ingest only" (no tabs) at each rate, and "events only" (100 tabs that
 * receive and drop the events) at 20/s.
 *
 * `--browser=1x1,50x20` (the default; `--browser=` for none): for those
 * settings, a second pass of the setting with the same A emulated tabs plus
 * ONE real Chromium tab on /inbox (bench/live-browser.ts), its own row
 * "A × R + browser tab": webhook → event on the page's stream and webhook →
 * row in the page's list, timed in the page by a MutationObserver. A pass of
 * its own, so the emulated rows' figures stay free of Chromium's CPU and of
 * the page's own server work (its sidebar counts, its stream).
 *
 * BENCH_APP_PORT (3400; the fake Meta API takes the next port),
 * BENCH_POSTGRES_PORT (54335), BENCH_DATA_DIR, BENCH_CONTACTS and
 * BENCH_MESSAGES (defaults set in package.json's script), `--reuse` keeps
 * the seeded database.
 */
import { cpus } from "node:os";
import { type ConversationFilter, filterToSearchParams } from "@/lib/conversation-filter";
import type { ConversationListItem } from "@/server/inbox/queries";
import type { LiveEvent } from "@/server/realtime/live-events";
import { applyRow, matchesQuery } from "../src/components/inbox/live-list";
import { startAppWithFakeMeta } from "./fake-meta";
import { actionCall, inboxRequest, missingActions, readActionRoutes, signInAgent } from "./inbox-actions";
import { BENCH_AUTH_SECRET, benchInboxDataDir, openInboxDatabase } from "./inbox-seed";
import { launchBrowser, openBrowserTab } from "./live-browser";
import { buildIfNeeded, cleanupStack, cpuMs, fmt, loadAverage, machineDescription, runMain, sleep, summarize } from "./support";
import type { BenchChannel } from "./webhook-load";
import { pacedInChildProcess } from "./webhook-sender";

// The app's modules read their settings from process.env once (src/server/env.ts); the seed encrypts with it.
process.env.AUTH_SECRET = BENCH_AUTH_SECRET;

const APP_PORT = Number(process.env.BENCH_APP_PORT ?? 3400);
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const DURATION = Number(arg("duration") ?? 30);
const SETTINGS = (arg("settings") ?? "1x1,10x5,50x5,50x20,100x20,200x20").split(",").map((s) => {
  const [tabs, rate] = s.split("x").map(Number);
  return { tabs: tabs ?? 1, rate: rate ?? 1 };
});
const BROWSER_SETTINGS = new Set((arg("browser") ?? "1x1,50x20").split(",").filter(Boolean));
const PAGE = 30;
/** Each webhook from its own number: a new conversation every time. */
const NUMBERS = 1_000_000;
const WEBHOOK_SECRET = "bench-live-webhook-secret";
const FILTER: ConversationFilter = { status: ["open"] };

type Session = { origin: string; cookie: string; routes: ReturnType<typeof readActionRoutes> };

/** The size of the getConversations answers (the first page, as the Server Action sends it). */
const refetchBytes: number[] = [];

/** When each webhook was due (epoch ms, the sender's clock), by its sequence number (its text says "Pesan nomor <sequence>"). */
const dueAt = new Map<number, number>();
/** Epoch ms with a fraction: the clock the webhook sender (another process) and the browser page time on too. */
const now = () => performance.timeOrigin + performance.now();
const sequenceOf = (preview: string | null) => Number(/^Pesan nomor (\d+)$/.exec(preview ?? "")?.[1] ?? Number.NaN);

/** One emulated browser tab. `merge: false` receives and drops (the "events only" reference). */
class Tab {
  items: ConversationListItem[] = [];
  refetches = 0;
  firstEvent = new Map<number, number>();
  visible = new Map<number, number>();
  private abort = new AbortController();
  private seq = 0;
  ready: Promise<void>;

  constructor(
    private session: Session,
    private userId: string,
    private merge: boolean,
  ) {
    this.ready = this.connect();
  }

  private async connect() {
    const response = await fetch(`${this.session.origin}/api/realtime`, {
      headers: { cookie: this.session.cookie, accept: "text/event-stream" },
      signal: this.abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`/api/realtime answered ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let ready: () => void = () => {};
    const isReady = new Promise<void>((resolve) => {
      ready = resolve;
    });
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event === "ready") {
              this.seq = 0;
              await this.resync();
              ready();
            } else if (event && data) this.onEvent(JSON.parse(data) as LiveEvent & { seq: number });
            end = buffer.indexOf("\n\n");
          }
        }
      } catch {
        // aborted at the end
      }
    })();
    await isReady;
  }

  private onEvent(event: LiveEvent & { seq: number }) {
    const gap = event.seq !== this.seq + 1;
    this.seq = event.seq;
    if (!this.merge) return;
    if (gap || event.kind === "resync") {
      void this.resync();
      return;
    }
    if (event.kind === "gone") this.items = this.items.filter((c) => c.id !== event.id);
    if (event.kind !== "conversation") return;
    const row = event.conversation;
    const at = now();
    const n = sequenceOf(row.last_message_preview);
    if (!Number.isNaN(n) && !this.firstEvent.has(n)) this.firstEvent.set(n, at);
    const matches = matchesQuery(row, { filter: FILTER, search: "" }, this.userId, new Date());
    this.items = applyRow(this.items, row, matches ?? false, true).slice(0, PAGE * 4);
    this.markVisible(at);
  }

  /** What the first page shows now: each message on it counts as seen. */
  private markVisible(at: number) {
    for (const row of this.items.slice(0, PAGE)) {
      const n = sequenceOf(row.last_message_preview);
      if (!Number.isNaN(n) && !this.visible.has(n)) this.visible.set(n, at);
    }
  }

  private async resync() {
    this.refetches += 1;
    const call = actionCall("getConversations", { filter: FILTER });
    const request = inboxRequestOf(call, this.session);
    const response = await fetch(`${this.session.origin}${request.path}`, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      signal: this.abort.signal,
    }).catch(() => null);
    const text = (await response?.text().catch(() => "")) ?? "";
    refetchBytes.push(Buffer.byteLength(text));
    // The Server Action's flight answer: the result is the line "1:{…}".
    const line = text.split("\n").find((l) => l.startsWith("1:"));
    if (!line) return;
    const result = JSON.parse(line.slice(2)) as { ok: boolean; data?: { items: ConversationListItem[] } };
    if (result.ok && result.data) {
      this.items = result.data.items;
      this.markVisible(now());
    }
  }

  close() {
    this.abort.abort();
  }
}

/** How many times each value occurs, in order of first occurrence. */
function counted(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

const inboxRequestOf = (call: ReturnType<typeof actionCall>, session: Session) =>
  inboxRequest(call, { ...session, fallbackConversationId: "00000000-0000-4000-8000-000000000000" });

interface Result {
  name: string;
  tabs: number;
  rate: number;
  messages: number;
  event: ReturnType<typeof summarize> | null;
  visible: ReturnType<typeof summarize> | null;
  neverVisible: number;
  pairs: number;
  cpuPerMessage: number;
  refetchesPerMessage: number;
  ackP99: number;
  /** Webhooks answered with an error or not answered: never stored, so never visible (a provider would retry them). */
  notAcked: number;
  /** Their causes, counted: "2 × ECONNRESET on a new socket". */
  notAckedWhy: string;
  /** Webhooks acked only when sent again (their first request met a kept-alive socket the server had closed). */
  retried: number;
  load: string;
  /** The pass with a real browser tab: its figures stand in for the emulated tabs' in the event, visible and never columns. */
  browser: boolean;
}

async function runSetting(
  options: { name: string; tabs: number; rate: number; merge: boolean },
  ctx: {
    session: Session;
    userId: string;
    channel: BenchChannel;
    appPid: number;
    sequence: { next: number };
    browser?: Awaited<ReturnType<typeof launchBrowser>>;
  },
): Promise<Result> {
  const tabs = Array.from({ length: options.tabs }, () => new Tab(ctx.session, ctx.userId, options.merge));
  await Promise.all(tabs.map((t) => t.ready));
  // Opened, like the emulated tabs, before the counting starts: the page load is not part of the figures.
  const page =
    ctx.browser &&
    (await openBrowserTab(ctx.browser, {
      origin: ctx.session.origin,
      cookie: ctx.session.cookie,
      path: `/inbox?${filterToSearchParams(FILTER).toString()}`,
      refetchActionId: ctx.session.routes.getConversations?.id ?? "",
    }));
  const pageRefetches = () => page?.tab.refetches ?? 0;
  await sleep(1000);
  const refetchesBefore = tabs.reduce((n, t) => n + t.refetches, 0) + pageRefetches();
  const cpuBefore = cpuMs(ctx.appPid);
  const first = ctx.sequence.next;
  const { outcomes, summary: ack } = await pacedInChildProcess({
    port: APP_PORT,
    channel: ctx.channel,
    rate: options.rate,
    seconds: DURATION,
    connections: 50,
    numbers: NUMBERS,
    firstSequence: first,
  });
  for (const o of outcomes) dueAt.set(o.sequence, o.due);
  const failed = outcomes.filter((o) => o.error || o.status >= 300);
  for (const o of failed) {
    console.log(`  webhook ${o.sequence} not acked: ${o.error ?? `HTTP ${o.status}`} after ${(o.settled - o.due).toFixed(0)} ms`);
  }
  const retried = outcomes.filter((o) => o.retried);
  for (const o of retried) console.log(`  webhook ${o.sequence} sent again after: ${o.retried?.join(", ")}`);
  const messages = Math.round(options.rate * DURATION);
  ctx.sequence.next += messages;
  // Stragglers: a message may still be on its way.
  await sleep(3000);
  const cpu = cpuMs(ctx.appPid) - cpuBefore;
  const refetches = tabs.reduce((n, t) => n + t.refetches, 0) + pageRefetches() - refetchesBefore;
  for (const t of tabs) t.close();
  // Every time here is epoch ms: the sender's, the tabs' and the page's.
  const pageRecords = await page?.read();
  await page?.close();
  const measured = pageRecords ? [{ firstEvent: pageRecords.events, visible: pageRecords.seen }] : tabs;

  const eventTimes: number[] = [];
  const visibleTimes: number[] = [];
  let neverVisible = 0;
  for (const t of measured) {
    for (let n = first; n < first + messages; n++) {
      const due = dueAt.get(n) ?? Number.NaN;
      const event = t.firstEvent.get(n);
      const seen = t.visible.get(n);
      if (event !== undefined) eventTimes.push(event - due);
      if (seen !== undefined) visibleTimes.push(seen - due);
      else neverVisible += 1;
    }
  }
  eventTimes.sort((a, b) => a - b);
  visibleTimes.sort((a, b) => a - b);
  return {
    ...options,
    messages,
    event: options.merge && eventTimes.length ? summarize(eventTimes, DURATION) : null,
    visible: options.merge && visibleTimes.length ? summarize(visibleTimes, DURATION) : null,
    neverVisible: options.merge ? neverVisible : 0,
    pairs: options.merge ? measured.length * messages : 0,
    cpuPerMessage: cpu / messages,
    refetchesPerMessage: refetches / messages,
    ackP99: ack.p99,
    notAcked: failed.length,
    retried: retried.length,
    notAckedWhy: [...counted(failed.map((o) => o.error ?? `HTTP ${o.status}`))].map(([why, n]) => `${n} × ${why}`).join(", "),
    load: loadAverage(),
    browser: Boolean(page),
  };
}

function report(results: Result[]) {
  const ingest = new Map(results.filter((r) => r.tabs === 0).map((r) => [r.rate, r]));
  const lines = [
    `Machine: ${machineDescription()}; ${cpus().length} cores shared with other sessions. ${DURATION} s per setting.`,
    "",
    "| tabs × msg/s | webhook → event p50 / p95 / p99 | webhook → visible p50 / p95 / p99 | never visible | server CPU per inbound msg (× ingest only) | refetches per msg | ack p99 (× ingest only) | load avg |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    const ref = ingest.get(r.rate);
    const ratio = (a: number, b: number | undefined) => (b ? ` (${(a / b).toFixed(2)}×)` : "");
    const pct = (s: Result["event"]) => (s ? `${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)} ms` : "—");
    lines.push(
      `| ${r.name} | ${pct(r.event)} | ${pct(r.visible)} | ${r.pairs ? `${r.neverVisible} of ${r.pairs.toLocaleString("en-US")}${r.notAcked ? ` (${r.notAcked} webhooks not acked: ${r.notAckedWhy})` : ""}` : "—"}${r.retried ? ` (${r.retried} webhooks sent again)` : ""} | ${fmt(r.cpuPerMessage)} ms${r.tabs ? ratio(r.cpuPerMessage, ref?.cpuPerMessage) : ""} | ${r.refetchesPerMessage.toFixed(3)} | ${r.ackP99} ms${r.tabs ? ratio(r.ackP99, ref?.ackP99) : ""} | ${r.load} |`,
    );
  }
  if (results.some((r) => r.browser)) {
    lines.push(
      "",
      "Rows \"+ browser tab\": a pass of its own with the same emulated tabs and one Chromium tab on /inbox; its event, visible and never-visible figures are that tab's alone (event: on the page's stream; visible: the row in the page's list, DOM mutation time), the server columns are the whole pass's.",
    );
  }
  console.log(`\n${lines.join("\n")}\n`);
}

async function main() {
  const { cleanups, run } = cleanupStack();
  try {
    await buildIfNeeded(missingActions);
    const { db, sql, seed } = await openInboxDatabase({ reuse: process.argv.includes("--reuse") });
    cleanups.push(
      () => db.stop(),
      () => sql.end(),
    );
    const [number] = await sql<{ phone_number_id: string }[]>`
      update public.whatsapp_channels set webhook_secret = ${WEBHOOK_SECRET} where id = ${seed.channelId} returning phone_number_id`;
    if (!number) throw new Error("no channel");
    const channel: BenchChannel = { workspaceId: seed.workspaceId, phoneNumberId: number.phone_number_id, secret: WEBHOOK_SECRET };
    const { agent, cookie } = await signInAgent(sql, seed.workspaceId);
    const { origin, appPid } = await startAppWithFakeMeta({
      port: APP_PORT,
      databaseUrl: db.appUrl,
      authSecret: BENCH_AUTH_SECRET,
      dataDir: benchInboxDataDir(),
      logName: "app-live.log",
      cleanups,
    });
    if (!appPid) throw new Error("no server pid");
    const ctx = { session: { origin, cookie, routes: readActionRoutes() }, userId: agent.id, channel, appPid, sequence: { next: 0 } };

    // Warm-up: compiled paths, pools, the LISTEN connection.
    await runSetting({ name: "warm-up", tabs: 2, rate: 5, merge: true }, { ...ctx }).catch(() => null);

    const results: Result[] = [];
    for (const rate of [...new Set(SETTINGS.map((s) => s.rate))]) {
      results.push(await runSetting({ name: `ingest only × ${rate}`, tabs: 0, rate, merge: true }, ctx));
    }
    const withBrowser = SETTINGS.some((s) => BROWSER_SETTINGS.has(`${s.tabs}x${s.rate}`));
    const browser = withBrowser ? await launchBrowser() : undefined;
    if (browser) cleanups.push(() => browser.close());
    for (const s of SETTINGS) {
      console.log(`${s.tabs} tabs × ${s.rate} msg/s…`);
      results.push(await runSetting({ name: `${s.tabs} × ${s.rate}`, ...s, merge: true }, ctx));
      if (!browser || !BROWSER_SETTINGS.has(`${s.tabs}x${s.rate}`)) continue;
      console.log(`${s.tabs} tabs × ${s.rate} msg/s and a browser tab…`);
      results.push(await runSetting({ name: `${s.tabs} × ${s.rate} + browser tab`, ...s, merge: true }, { ...ctx, browser }));
    }
    results.push(await runSetting({ name: "100 × 20, events only", tabs: 100, rate: 20, merge: false }, ctx));
    report(results);
    const bytes = refetchBytes.reduce((a, b) => a + b, 0) / (refetchBytes.length || 1);
    console.log(`getConversations, first page of ${PAGE}: ${(bytes / 1024).toFixed(1)} kB per answer (${refetchBytes.length} refetches).`);
  } finally {
    await run();
  }
}

runMain(main);
