/**
 * Plans of the app's own query code, as the signed-in user: auto_explain
 * logs EXPLAIN (ANALYZE, BUFFERS) of every statement the code sends (and,
 * with `nested`, of the statements inside the SQL functions it calls),
 * then the transaction is rolled back. Shared by the benchmarks.
 */
import postgres from "postgres";
import type { UserClaims } from "@/server/db/claims";
import type { Tx } from "@/server/db/client";

export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Total Time"?: number;
  "Actual Rows"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
}

export interface StatementPlan {
  text: string;
  ms: number;
  plan: PlanNode;
}

export interface PlanReport {
  /** The slowest statement of the operation (its main query) and its time, median of the runs. */
  main: StatementPlan;
  mainMs: number;
  totalMs: number;
  statements: number;
  seqScans: string[];
  indexes: string[];
  /** Every statement of the last run, in the order they finished (nested ones before the call that ran them). */
  all: StatementPlan[];
}

export function walk(node: PlanNode, visit: (node: PlanNode) => void) {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

/** One line per plan node: type, relation or index, rows (× loops), time, buffers. */
export function planTree(node: PlanNode, depth = 0): string[] {
  const loops = (node as PlanNode & { "Actual Loops"?: number })["Actual Loops"] ?? 1;
  const on = node["Index Name"] ?? node["Relation Name"];
  const line = `${"  ".repeat(depth)}${node["Node Type"]}${on ? ` on ${on}` : ""}: rows ${node["Actual Rows"]}${
    loops > 1 ? ` × ${loops} loops` : ""
  }, ${node["Actual Total Time"]} ms, buffers hit ${node["Shared Hit Blocks"] ?? 0} read ${node["Shared Read Blocks"] ?? 0}`;
  return [line, ...(node.Plans ?? []).flatMap((child) => planTree(child, depth + 1))];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * Runs `fn` (the app's query or command code) in a transaction as the user —
 * claims and role `authenticated`, as asUser does — with auto_explain
 * logging EXPLAIN (ANALYZE, BUFFERS) of every statement to this client, then
 * rolls it back. The main query's time is the median of the runs.
 */
export async function explainOperation(
  adminUrl: string,
  claims: UserClaims,
  fn: (tx: Tx) => Promise<unknown>,
  options: { nested?: boolean } = {},
): Promise<PlanReport> {
  let notices: string[] = [];
  const sql = postgres(adminUrl, { max: 1, onnotice: (notice) => notices.push(String(notice.message)) });
  const rollback = new Error("rollback");
  const runs: StatementPlan[][] = [];
  try {
    await sql`load 'auto_explain'`;
    // Three runs, or one when it takes more than a second (a scan of millions of rows says enough once).
    for (let run = 0; run < 3 && !(run === 1 && Math.max(0, ...(runs[0] ?? []).map((s) => s.ms)) > 1000); run++) {
      await sql
        .begin(async (tx) => {
          await tx`
            select set_config('auto_explain.log_min_duration', '0', true), set_config('auto_explain.log_analyze', 'on', true),
                   set_config('auto_explain.log_buffers', 'on', true), set_config('auto_explain.log_format', 'json', true),
                   set_config('auto_explain.log_level', 'notice', true),
                   set_config('auto_explain.log_nested_statements', ${options.nested ? "on" : "off"}, true),
                   set_config('request.jwt.claims', ${JSON.stringify(claims)}, true), set_config('role', 'authenticated', true)`;
          notices = [];
          await fn(tx as unknown as Tx);
          throw rollback;
        })
        .catch((error) => {
          if (error !== rollback) throw error;
        });
      runs.push(
        notices.flatMap((message) => {
          const match = /^duration: ([\d.]+) ms\s+plan:\s*([\s\S]*)$/.exec(message);
          if (!match?.[1] || !match[2]) return [];
          const parsed = JSON.parse(match[2]) as { "Query Text": string; Plan: PlanNode };
          return [{ text: parsed["Query Text"], ms: Number(match[1]), plan: parsed.Plan }];
        }),
      );
    }
  } finally {
    await sql.end();
  }
  const last = runs.at(-1) ?? [];
  const mainIndex = last.reduce((best, s, i) => (s.ms > (last[best]?.ms ?? -1) ? i : best), 0);
  const main = last[mainIndex];
  if (!main) throw new Error("auto_explain logged no statement");
  const seqScans = new Set<string>();
  const indexes = new Set<string>();
  for (const statement of runs.flat()) {
    walk(statement.plan, (node) => {
      if (node["Node Type"] === "Seq Scan" && node["Relation Name"]) seqScans.add(node["Relation Name"]);
      if (node["Index Name"]) indexes.add(node["Index Name"]);
    });
  }
  return {
    main,
    mainMs: median(runs.map((r) => r[mainIndex]?.ms ?? Number.NaN)),
    totalMs: median(runs.map((r) => r.reduce((sum, s) => sum + s.ms, 0))),
    statements: last.length,
    seqScans: [...seqScans].sort(),
    indexes: [...indexes].sort(),
    all: last,
  };
}

export const badSeqScan = (report: PlanReport) => report.seqScans.filter((t) => t === "messages" || t === "conversations");
