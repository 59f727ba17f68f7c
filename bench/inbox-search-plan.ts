/**
 * The list's name search on bench:inbox's seeded database, statement by
 * statement: EXPLAIN (ANALYZE, BUFFERS) through auto_explain of what
 * listConversations sends and of the statements inside
 * public.search_conversations, as the bench's agent and as the owner, a
 * first page and the next one (its cursor). Prints each statement's time
 * and plan tree, the load average, and the bytes of a first page of the
 * list (no search).
 *
 *   BENCH_DATA_DIR=… BENCH_POSTGRES_PORT=… npx tsx --conditions=react-server --tsconfig tsconfig.json \
 *     bench/inbox-search-plan.ts [--migrate] [name]
 *
 * Uses the seeded database as it is (seed it with `npm run bench:inbox --
 * --seed-only`); `--migrate` applies this checkout's migrations first (the
 * "after" of a migration, on the same data).
 */
import { INBOX_PRESETS } from "@/lib/conversation-filter";
import type { Tx } from "@/server/db/client";
import { explainOperation, planTree } from "./explain";
import { signInAgent, signInAs } from "./inbox-actions";
import { BENCH_AUTH_SECRET, openSeededInbox, TEAM } from "./inbox-seed";
import { loadAverage, runMain } from "./support";

const PAGE_SIZE = 30;
const args = process.argv.slice(2);
const MIGRATE = args.includes("--migrate");
const NAME = args.find((a) => !a.startsWith("--")) ?? "Rahayu";
// The seeded channel's credentials are sealed with this secret; sessions are signed with it.
process.env.AUTH_SECRET = BENCH_AUTH_SECRET;

const SHOWN = /with by_contact|search_conversations\(|conversation_list_item\(c\) as i\(item\)/;

async function main() {
  const { db, sql, workspaceId } = await openSeededInbox({ migrate: MIGRATE });
  try {
    const [{ count } = { count: 0 }] = await sql<{ count: number }[]>`
      select count(*)::int as count from public.contacts where workspace_id = ${workspaceId} and coalesce(name, profile_name, '') ilike ${`%${NAME}%`}`;
    console.log(`"${NAME}": ${count} contacts. Load average ${loadAverage()}.`);

    const queries = await import("@/server/inbox/queries");
    const { agent, claims } = await signInAgent(sql, workspaceId);
    const { user: owner, claims: ownerClaims } = await signInAs(sql, workspaceId, TEAM.owner);

    // The list's payload: a first page of 30 as the Server Action returns it (JSON of the page).
    const { asUser } = await import("@/server/db/client");
    const firstPage = await asUser(claims, (tx) =>
      queries.listConversations(tx, workspaceId, { userId: agent.id, filter: INBOX_PRESETS.all, country: "ID", limit: PAGE_SIZE }),
    );
    const bytes = Buffer.byteLength(JSON.stringify(firstPage));
    console.log(
      `First page of ${firstPage.items.length} (no search): ${bytes} bytes of JSON, ${(bytes / firstPage.items.length).toFixed(0)} per row.`,
    );
    console.log(`A row: ${JSON.stringify(firstPage.items[0])}`);

    // The function alone, without auto_explain's overhead: wall time of the call as the agent, a first page's
    // ranking (124 rows, what the list asks for a page of 30), median of 21 after 3 warm-up calls.
    const { searchPatterns } = await import("@/server/search-patterns");
    const patterns = searchPatterns(NAME, "ID");
    const times: number[] = [];
    await sql
      .begin(async (tx) => {
        await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true), set_config('role', 'authenticated', true)`;
        for (let i = 0; i < 24; i++) {
          const started = performance.now();
          await tx`select count(*) from public.search_conversations(${workspaceId}, ${patterns.text}, ${patterns.phone}, ${(PAGE_SIZE + 1) * 4})`;
          if (i >= 3) times.push(performance.now() - started);
        }
        throw new Error("rollback");
      })
      .catch((error: Error) => {
        if (error.message !== "rollback") throw error;
      });
    times.sort((a, b) => a - b);
    console.log(
      `search_conversations as the agent, ${(PAGE_SIZE + 1) * 4} rows: median ${times[10]?.toFixed(2)} ms, min ${times[0]?.toFixed(2)}, max ${times.at(-1)?.toFixed(2)} (round trip included).`,
    );

    for (const [who, userId, userClaims] of [
      ["agent (Ana)", agent.id, claims],
      ["owner", owner.id, ownerClaims],
    ] as const) {
      const list = (cursor: { lastMessageAt: string; seq: string } | null) => (tx: Tx) =>
        queries.listConversations(tx, workspaceId, {
          userId,
          filter: INBOX_PRESETS.all,
          search: NAME,
          country: "ID",
          limit: PAGE_SIZE,
          cursor,
        });
      const first = await asUser(userClaims, list(null));
      for (const [page, cursor] of [
        ["first page", null],
        ["second page", first.nextCursor],
      ] as const) {
        const report = await explainOperation(db.adminUrl, userClaims, list(cursor), { nested: true });
        console.log(`\n## ${who}, ${page}: ${report.statements} statements, ${report.totalMs.toFixed(2)} ms in all (median of the runs)`);
        // The search's statements (the arms inside the function, the call) and the page query; the rest is
        // membership checks and each row's list item (nested statements too), under 1 ms each.
        for (const statement of report.all.filter((st) => SHOWN.test(st.text))) {
          console.log(`\n${statement.ms.toFixed(3)} ms: ${statement.text.replace(/\s+/g, " ").slice(0, 160)}`);
          console.log(planTree(statement.plan).join("\n"));
        }
      }
    }
  } finally {
    await sql.end();
    await db.stop();
  }
}

runMain(main);
