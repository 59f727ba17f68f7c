/**
 * `npm run bench:dashboard`: the dashboard's SQL on the inbox benchmark's
 * large workspace (100,000 contacts and conversations, 2,000,000 messages
 * over 90 days; bench/inbox-seed.ts, kept in .data/bench-inbox).
 *
 *   1. Opens (or, without --reuse or when missing, seeds) the database.
 *   2. Runs getDashboard (src/server/dashboard) as the workspace's owner,
 *      under RLS, a few times and reports the median and slowest time.
 *   3. Runs it once more under auto_explain with nested statements, so the
 *      statements inside the SQL functions show their plans, and flags any
 *      Seq Scan on messages, conversations or contacts.
 *
 * BENCH_CONTACTS / BENCH_MESSAGES size a fresh seed; BENCH_POSTGRES_PORT
 * moves the database off 54333 when another checkout's benchmark runs.
 */
import type { UserClaims } from "@/server/db/claims";
import type { Tx } from "@/server/db/client";
import { explainOperation, walk } from "./explain";
import { BENCH_AUTH_SECRET, openInboxDatabase, TEAM } from "./inbox-seed";
import { machineDescription } from "./support";

const RUNS = 5;
/** The reference's size: about 100 ms of one core on an idle machine here. */
const REFERENCE_ROWS = 1_000_000;
const LARGE_TABLES = ["messages", "conversations", "contacts"];

process.env.AUTH_SECRET = BENCH_AUTH_SECRET;

async function main() {
  const { db, sql, seed } = await openInboxDatabase({ reuse: process.argv.includes("--reuse") });
  try {
    const [owner] = await sql<{ id: string; email: string }[]>`select id, email from auth.users where email = ${TEAM.owner}`;
    if (!owner) throw new Error("no owner user");
    const claims: UserClaims = {
      sub: owner.id,
      email: owner.email,
      role: "authenticated",
      aud: "authenticated",
      exp: Math.floor(Date.now() / 1000) + 3600,
    };
    const [period] = await sql<{ messages: number; conversations: number; contacts: number }[]>`
      select (select count(*)::int from public.messages where workspace_id = ${seed.workspaceId} and sent_at >= now() - interval '30 days') as messages,
             (select count(*)::int from public.conversations where workspace_id = ${seed.workspaceId} and created_at >= now() - interval '31 days') as conversations,
             (select count(*)::int from public.contacts where workspace_id = ${seed.workspaceId} and first_seen_at >= now() - interval '30 days') as contacts`;
    console.log(
      `Last 30 days: ${period?.messages.toLocaleString("en-US")} messages, ${period?.conversations.toLocaleString("en-US")} conversations started, ${period?.contacts.toLocaleString("en-US")} new contacts.`,
    );

    const { asUser } = await import("@/server/db/client");
    const { getDashboard } = await import("@/server/dashboard/queries");
    // The machine is shared: a fixed piece of SQL work, timed between the runs, says how loaded it was, and the
    // dashboard's time as a multiple of it carries over between runs (and machines) better than milliseconds.
    const times: number[] = [];
    const references: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let started = performance.now();
      await asUser(claims, (tx) => getDashboard(tx, seed.workspaceId));
      times.push(performance.now() - started);
      started = performance.now();
      await sql`select sum(i) from generate_series(1, ${REFERENCE_ROWS}::int) i`;
      references.push(performance.now() - started);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
    times.sort((a, b) => a - b);
    console.log(
      `\ngetDashboard as the owner (${RUNS} runs): median ${median(times).toFixed(0)} ms, fastest ${times[0]?.toFixed(0)} ms, slowest ${times.at(-1)?.toFixed(0)} ms`,
    );
    console.log(
      `Reference, sum over generate_series(1, ${REFERENCE_ROWS.toLocaleString("en-US")}) in the same runs: median ${median(references).toFixed(0)} ms; dashboard = ${(median(times) / median(references)).toFixed(2)} × reference`,
    );

    // The seed's conversations mostly begin early in its 90 days, so few start in the last 30: the first-response
    // figure over all 90 days shows its cost when every conversation of the workspace is new in the period.
    const wide = await asUser(claims, async (tx) => {
      const started = performance.now();
      const [row] = await tx<{ conversations_started: number; median_seconds: number }[]>`
        select * from public.dashboard_first_response(${seed.workspaceId}, 90)`;
      return { ms: performance.now() - started, conversations: row?.conversations_started ?? 0 };
    });
    console.log(
      `First response over 90 days (${wide.conversations.toLocaleString("en-US")} conversations started): ${wide.ms.toFixed(0)} ms`,
    );

    const report = await explainOperation(db.adminUrl, claims, (tx: Tx) => getDashboard(tx, seed.workspaceId), { nested: true });
    console.log("\n| Statement | SQL time (ms) | Seq Scan on a large table | Indexes |\n|---|---:|---|---|");
    for (const statement of report.all) {
      const seqScans = new Set<string>();
      const indexes = new Set<string>();
      walk(statement.plan, (node) => {
        if (node["Node Type"] === "Seq Scan" && LARGE_TABLES.includes(node["Relation Name"] ?? ""))
          seqScans.add(node["Relation Name"] ?? "");
        if (node["Index Name"]) indexes.add(node["Index Name"]);
      });
      const text = statement.text.replace(/\s+/g, " ").trim().slice(0, 90);
      console.log(
        `| \`${text}\` | ${statement.ms.toFixed(1)} | ${[...seqScans].join(", ") || "none"} | ${[...indexes].join(", ") || "–"} |`,
      );
    }
    console.log(`\n${machineDescription()}`);
  } finally {
    await sql.end();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
