/**
 * What the server-side session check (issue 18, item 9) costs a request:
 * Node CPU time per check of a session cookie, as the proxy and the page
 * make it, against a real PostgreSQL holding BENCH_SESSIONS sessions.
 *   - JWT only: what the check cost before (signature, expiry, claims);
 *   - with the row, cache miss: JWT + one primary-key read of private.sessions;
 *   - with the row, cache hit: the second check of the same request (or any within 3 s);
 *   - a bare `select 1`, for scale: what any one round trip to PostgreSQL costs the process.
 * `npm run bench:sessions`; the figures go to docs/benchmarks.md.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../scripts/database/embedded";
import { prepareDatabase, repoRoot } from "../scripts/database/prepare";
import { cleanupStack, machineDescription, runMain } from "./support";

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 100_000);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 5_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PORT = Number(process.env.BENCH_POSTGRES_PORT ?? 54341);

process.env.AUTH_SECRET = "bench-session-check-secret-0123456789abcdef";

async function main() {
  const { cleanups, run } = cleanupStack();
  try {
    const dataDir = path.resolve(repoRoot, ".data", "bench-sessions");
    await rm(dataDir, { recursive: true, force: true });
    const database = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, "postgres"),
      port: PORT,
      database: "conversa_bench_sessions",
    });
    cleanups.push(() => database.stop());
    process.env.DATABASE_URL = database.appUrl;
    await prepareDatabase({ appUrl: database.appUrl, superuserUrl: database.adminUrl, appRolePassword: "postgres" });

    const admin = postgres(database.adminUrl, { max: 1, onnotice: () => {} });
    cleanups.push(() => admin.end());
    const [user] = await admin<{ id: string; email: string }[]>`
      insert into auth.users (id, aud, role, email) values (gen_random_uuid(), 'authenticated', 'authenticated', 'bench@example.com')
      returning id, email`;
    if (!user) throw new Error("no user");
    await admin`
      insert into private.sessions (user_id, expires_at)
      select ${user.id}, now() + interval '7 days' from generate_series(1, ${SESSIONS})`;
    await admin`analyze private.sessions`;

    const { db } = await import("@/server/db/client");
    cleanups.push(() => db().end());
    const { verifySessionToken } = await import("@/server/auth/session");
    const { startSession, verifySession, SESSION_CHECK_CACHE_MS } = await import("@/server/auth/sessions");
    const token = await db().begin((tx) => startSession(tx, user));
    const start = Date.now();

    /** Node CPU (user + system) and wall time per call of `check(i)`. */
    async function perCheck(check: (i: number) => Promise<unknown>) {
      const cpu = process.cpuUsage();
      const wall = performance.now();
      for (let i = 0; i < CHECKS; i++) if (!(await check(i))) throw new Error("refused");
      const used = process.cpuUsage(cpu);
      return { cpuMs: (used.user + used.system) / 1000 / CHECKS, wallMs: (performance.now() - wall) / CHECKS };
    }

    let tick = 0;
    const modes = {
      "JWT only (before)": () => verifySessionToken(token),
      // Each call a moment past the last one's cache entry: every check reads the row.
      "JWT + session row, cache miss": () => verifySession(token, new Date(start + ++tick * (SESSION_CHECK_CACHE_MS + 1))),
      "JWT + session row, cache hit": () => verifySession(token, new Date(start)),
      // For scale: the driver's floor for one round trip.
      "a bare `select 1` (no JWT)": () => db()`select 1 as one`.then((rows) => rows.length === 1),
    };
    // Rounds of each mode in turn, the median kept: this machine's other load comes and goes.
    const results = new Map<string, { cpuMs: number; wallMs: number }[]>();
    for (let round = 0; round < ROUNDS + 1; round++) {
      for (const [label, check] of Object.entries(modes)) {
        const result = await perCheck(check);
        if (round > 0) results.set(label, [...(results.get(label) ?? []), result]); // round 0 warms up
      }
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
    console.log(
      `\n${machineDescription()}; ${SESSIONS.toLocaleString("en-US")} sessions; median of ${ROUNDS} rounds of ${CHECKS.toLocaleString("en-US")} checks\n`,
    );
    console.log("| Check | Node CPU per check (ms) | Wall time per check (ms) |\n|---|---:|---:|");
    for (const [label, runs] of results) {
      console.log(`| ${label} | ${median(runs.map((r) => r.cpuMs)).toFixed(3)} | ${median(runs.map((r) => r.wallMs)).toFixed(3)} |`);
    }
  } finally {
    await run();
  }
}

runMain(main);
