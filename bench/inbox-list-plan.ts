/**
 * Where a list page's SQL time goes, on bench:inbox's seeded database: the
 * page statement of listConversations (first page, a deep page, the unread
 * filter) as the bench's agent and as the owner, under RLS, and a first
 * page as the agent with the workspace restricting agents to their own,
 * their teams' and unassigned conversations (put back after), with
 *
 *   - its time as bench:inbox reports it (auto_explain, ANALYZE, BUFFERS of
 *     the statement the app sends, median of three runs);
 *   - every statement it runs, nested ones included (the SQL functions'
 *     statements, once per row when a function is not inlined), grouped by
 *     text: how many, their total time and buffers;
 *   - PostgreSQL's CPU time per listConversations (its backend's, from
 *     /proc: what a loaded machine's waiting does not inflate);
 *   - the wall time of listConversations without auto_explain, round trip
 *     included (median of 21 after 3 warm-up calls; 3 after 1 restricted).
 *
 *   BENCH_DATA_DIR=… BENCH_POSTGRES_PORT=… npx tsx --conditions=react-server --tsconfig tsconfig.json \
 *     bench/inbox-list-plan.ts [--migrate] [--tree]
 *
 * Uses the seeded database as it is (seed it with `npm run bench:inbox --
 * --seed-only`); `--migrate` applies this checkout's migrations first (the
 * "after" of a migration, on the same data); `--tree` prints the page
 * statement's plan.
 */
import postgres from "postgres";
import { INBOX_PRESETS } from "@/lib/conversation-filter";
import type { UserClaims } from "@/server/db/claims";
import type { Tx } from "@/server/db/client";
import { explainOperation, planTree } from "./explain";
import { pickInputs, signInAgent, signInAs } from "./inbox-actions";
import { BENCH_AUTH_SECRET, openSeededInbox, TEAM } from "./inbox-seed";
import { cpuMs, loadAverage, runMain } from "./support";

const PAGE_SIZE = 30;
const MIGRATE = process.argv.includes("--migrate");
const TREE = process.argv.includes("--tree");
process.env.AUTH_SECRET = BENCH_AUTH_SECRET;

/**
 * PostgreSQL's CPU time per call of `fn` (its backend's user + system time from /proc, so a loaded machine's waiting
 * is not in it), as the user under RLS on one connection: calls until 2 s of CPU or 200 calls, after `warmUp` calls.
 */
async function backendCpuPerCall(adminUrl: string, claims: UserClaims, fn: (tx: Tx) => Promise<unknown>, warmUp: number) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const rollback = new Error("rollback");
  let perCall = Number.NaN;
  try {
    await sql
      .begin(async (tx) => {
        await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true), set_config('role', 'authenticated', true)`;
        const [{ pid } = { pid: 0 }] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
        for (let i = 0; i < warmUp; i++) await fn(tx as unknown as Tx);
        const before = cpuMs(pid);
        let calls = 0;
        while (calls < 200 && cpuMs(pid) - before < 2000) {
          await fn(tx as unknown as Tx);
          calls++;
        }
        perCall = (cpuMs(pid) - before) / calls;
        throw rollback;
      })
      .catch((error) => {
        if (error !== rollback) throw error;
      });
  } finally {
    await sql.end();
  }
  return perCall;
}

async function main() {
  const { db, sql, workspaceId } = await openSeededInbox({ migrate: MIGRATE });
  try {
    const queries = await import("@/server/inbox/queries");
    const { asUser } = await import("@/server/db/client");
    const { agent, claims } = await signInAgent(sql, workspaceId);
    const { user: owner, claims: ownerClaims } = await signInAs(sql, workspaceId, TEAM.owner);
    const inputs = await pickInputs(sql, workspaceId);
    console.log(`Load average ${loadAverage()}.`);

    const pages = [
      ["first page", "all", null],
      [`deep page (after ${inputs.deepOffset})`, "all", inputs.deepCursor],
      ["unread", "unread", null],
    ] as const;
    // The agent again with the workspace set to "own, team's and unassigned conversations" (put back after): the
    // policies of such an agent list every conversation they may see, once per statement that reads messages.
    const [{ visibility } = { visibility: "all" }] = await sql<{ visibility: string }[]>`
      select conversation_visibility as visibility from public.workspaces where id = ${workspaceId}`;
    const restrict = (on: boolean) =>
      sql`update public.workspaces set conversation_visibility = ${on ? "own_team_unassigned" : visibility} where id = ${workspaceId}`;
    const passes: { who: string; userId: string; claims: UserClaims; restricted?: boolean }[] = [
      { who: "agent (Ana)", userId: agent.id, claims },
      { who: "owner", userId: owner.id, claims: ownerClaims },
      { who: "agent (Ana), restricted", userId: agent.id, claims, restricted: true },
    ];
    for (const { who, userId, claims: userClaims, restricted } of passes) {
      await restrict(Boolean(restricted));
      // A restricted agent's first page only, a few times: before this change it took seconds.
      for (const [name, preset, cursor] of restricted ? pages.slice(0, 1) : pages) {
        const list = (tx: Tx) =>
          queries.listConversations(tx, workspaceId, { userId, filter: INBOX_PRESETS[preset], country: "ID", limit: PAGE_SIZE, cursor });
        const plain = await explainOperation(db.adminUrl, userClaims, list);
        const nested = await explainOperation(db.adminUrl, userClaims, list, { nested: true });
        const [warmUp, runs] = restricted ? [1, 3] : [3, 21];
        const times: number[] = [];
        for (let i = 0; i < warmUp + runs; i++) {
          const started = performance.now();
          await asUser(userClaims, list);
          if (i >= warmUp) times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        const cpu = await backendCpuPerCall(db.adminUrl, userClaims, list, warmUp);
        console.log(
          `\n## ${who}, ${name}: PostgreSQL CPU ${cpu.toFixed(2)} ms per call; page statement ${plain.mainMs.toFixed(2)} ms (auto_explain, median of 3); ` +
            `listConversations ${times[Math.floor(runs / 2)]?.toFixed(2)} ms wall, median of ${runs} (min ${times[0]?.toFixed(2)}, max ${times.at(-1)?.toFixed(2)}); load ${loadAverage()}`,
        );
        const groups = new Map<string, { count: number; ms: number; hit: number; read: number }>();
        for (const statement of nested.all) {
          const key = statement.text.replace(/\s+/g, " ").trim().slice(0, 110);
          const group = groups.get(key) ?? { count: 0, ms: 0, hit: 0, read: 0 };
          group.count++;
          group.ms += statement.ms;
          group.hit += statement.plan["Shared Hit Blocks"] ?? 0;
          group.read += statement.plan["Shared Read Blocks"] ?? 0;
          groups.set(key, group);
        }
        console.log(`   with nested statements: ${nested.statements} statements, ${nested.totalMs.toFixed(2)} ms in all (last run)`);
        for (const [text, g] of [...groups].sort((a, b) => b[1].ms - a[1].ms)) {
          console.log(`   ${String(g.count).padStart(3)} × ${g.ms.toFixed(3).padStart(8)} ms, buffers ${g.hit}+${g.read}: ${text}`);
        }
        if (TREE) console.log(planTree(plain.main.plan).join("\n"));
      }
    }
    await restrict(false);
  } finally {
    await sql.end();
    await db.stop();
  }
}

runMain(main);
