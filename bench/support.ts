/**
 * Pieces the benchmarks share: the production build, `next start` on a
 * port, waiting for it, latency percentiles from autocannon, a progress
 * line and a description of the machine.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type autocannon from "autocannon";
import { repoRoot } from "../scripts/database/prepare";

/** How hard and how long the HTTP benchmarks load each path: BENCH_CONNECTIONS, BENCH_SECONDS after BENCH_WARMUP_SECONDS. */
export const HTTP_LOAD = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 16),
  seconds: Number(process.env.BENCH_SECONDS ?? 10),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 2),
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds for a results table. */
export const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(1) : "–");

/** The items over and over, one per call: fresh inputs for each request of a load. */
export const cycle = <T>(items: T[]) => {
  let i = 0;
  return () => items[i++ % items.length] as T;
};

/**
 * What a benchmark started (database, app, fakes), stopped last-in first-out
 * by `run()` at the end, or on Ctrl-C.
 */
export function cleanupStack() {
  const cleanups: (() => Promise<unknown>)[] = [];
  const run = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((error) => console.error(error));
    cleanups.length = 0;
  };
  process.once("SIGINT", () => void run().then(() => process.exit(130)));
  return { cleanups, run };
}

/** Runs a benchmark's main and exits: 0, or 1 after printing the error (its cleanup stack has stopped what it started). */
export function runMain(main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export async function waitFor(url: string, timeoutMs: number, init?: RequestInit) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { redirect: "manual", ...init });
      if (response.status < 500) return;
    } catch {}
    await sleep(300);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Runs `npm run build` when there is no production build, when a source
 * file is newer than it, or when `needs()` says the build lacks something.
 */
export async function buildIfNeeded(needs: () => string | null = () => null) {
  const buildId = path.join(repoRoot, ".next", "BUILD_ID");
  let reason: string | null = null;
  if (!existsSync(buildId)) reason = "no production build";
  else if (newestMtime(path.join(repoRoot, "src")) > statSync(buildId).mtimeMs) reason = "src/ changed since the last build";
  else reason = needs();
  if (!reason) return;
  console.log(`Building the app (npm run build): ${reason}…`);
  await new Promise<void>((resolve, reject) =>
    spawn("npm", ["run", "build"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] }).on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error("npm run build failed")),
    ),
  );
  const missing = needs();
  if (missing) console.log(`The build still lacks: ${missing}`);
}

/**
 * `next start` (production) on a port, with the given environment; its output goes to `logFile`, or its stderr to ours.
 * `root`: another checkout's build (bench:pages compares two).
 */
export function startNext(port: number, env: Record<string, string>, logFile?: string, root = repoRoot): ChildProcess {
  const log = logFile ? openSync(logFile, "a") : null;
  // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of the server there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROFILE)}`] : [];
  const next = path.join(root, "node_modules/next/dist/bin/next");
  const child = spawn(process.execPath, [...profile, next, "start", "-p", String(port)], {
    cwd: root,
    stdio: ["ignore", log ?? "ignore", log ?? "inherit"],
    // As `npm start`: SIGTERM waits for the jobs the server is running.
    env: { ...process.env, NODE_ENV: "production", NEXT_MANUAL_SIG_HANDLE: "true", ...env },
  });
  if (log !== null) child.once("exit", () => closeSync(log));
  return child;
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  perSecond: number;
  non2xx: number;
  errors: number;
  /** Responses that `verifyBody` refused. */
  mismatches: number;
  /** Every response time (ms), sorted. */
  times: number[];
  /** Average response size (headers and body). */
  bytesPerResponse?: number;
  /** How many responses had each HTTP status, e.g. { "202": 410, "409": 2 }. */
  statuses?: Record<string, number>;
  /** The server process's CPU time per response (ms), when measured. */
  serverCpuPerRequest?: number;
}

/** Percentiles (nearest rank) and rate of sorted response times over `seconds`. */
export function summarize(times: number[], seconds: number) {
  const at = (q: number) => times[Math.min(times.length - 1, Math.max(0, Math.ceil(q * times.length) - 1))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), requests: times.length, perSecond: times.length / (seconds || 1), times };
}

/** The load average over 1, 5 and 15 minutes, as the reports print it beside their figures. */
export const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/** The fields of /proc/<pid>/stat after the command's name: the state (field 3) first, so field N is [N - 3]. */
export function procStat(pid: number): string[] {
  return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc
 * (Linux); with `reaped`, also that of the children it has waited for.
 */
export function cpuMs(pid: number, options: { reaped?: boolean } = {}): number {
  const fields = procStat(pid);
  // utime, stime, cutime and cstime are fields 14 to 17 of stat, counted in clock ticks (100 per second on Linux).
  const ticks = Number(fields[11]) + Number(fields[12]) + (options.reaped ? Number(fields[13]) + Number(fields[14]) : 0);
  return ticks * 10;
}

/**
 * Runs autocannon and takes percentiles from every response time (autocannon's own summary has no p95).
 * With `serverPid`, also the server's CPU time per request: what bounds throughput, and so p95 under load.
 */
export async function measure(options: autocannon.Options, serverPid?: number): Promise<LatencySummary> {
  const { default: run } = await import("autocannon");
  const cpuBefore = serverPid ? cpuMs(serverPid) : 0;
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = run(options, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      times.push(responseTime);
    });
  });
  times.sort((a, b) => a - b);
  return {
    ...summarize(times, result.duration || Number(options.duration) || 1),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    mismatches: result.mismatches,
    bytesPerResponse: times.length ? result.throughput.total / times.length : 0,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, stat]) => [status, stat.count ?? 0])),
    serverCpuPerRequest: serverPid && times.length ? (cpuMs(serverPid) - cpuBefore) / times.length : undefined,
  };
}

/** A one-line progress bar: redrawn in place on a terminal, a line per tenth otherwise. */
export function progressBar(label: string, total: number) {
  const started = performance.now();
  const tty = process.stdout.isTTY === true;
  let lastTenth = -1;
  const draw = (done: number) => {
    const share = total ? done / total : 1;
    const width = 30;
    const filled = Math.round(share * width);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const line = `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} ${seconds}s`;
    if (tty) process.stdout.write(`\r${line}`);
    else if (Math.floor(share * 10) !== lastTenth) {
      lastTenth = Math.floor(share * 10);
      console.log(line);
    }
  };
  draw(0);
  return {
    update: draw,
    done() {
      draw(total);
      if (tty) process.stdout.write("\n");
      return performance.now() - started;
    },
  };
}

export function machineDescription() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}; ${new Date().toISOString().slice(0, 10)}`;
}
