import path from "node:path";
import { describe, expect, it } from "vitest";
import { folderCycles, importGraph, sqlLines, sqlOutsideServer, upwardImports } from "./import-graph";

const SRC = path.resolve(import.meta.dirname, "../../src");
const edges = importGraph(SRC);

/**
 * The layers of docs/architecture.md, checked on every run: routes →
 * components → Server Actions → server → lib, and no two folders that
 * import each other (a capability that needs another's work gets it
 * passed in, or the shared part moves down).
 */
describe("dependencies point down", () => {
  it("reads the whole source tree", () => {
    // A graph that lost its edges (a changed import syntax) would pass everything below.
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual({ from: path.join("server", "inbox", "queries.ts"), to: path.join("server", "db", "client.ts") });
  });

  it("has no import up the layers", () => {
    expect(upwardImports(edges)).toEqual([]);
  });

  it("has no cycle between folders", () => {
    expect(folderCycles(edges)).toEqual([]);
  });

  it("writes SQL only in src/server (pages and actions may open the RLS transaction, not query in it)", () => {
    expect(sqlOutsideServer(SRC)).toEqual([]);
  });
});

describe("the checks themselves", () => {
  it("finds SQL however it is written", () => {
    const code = [
      "const rows = await tx`select 1`;",
      'import postgres from "postgres";',
      "await sql `delete from x`;",
      "await db()`select 2`;",
      "asUser(claims, (tx) => queries.listConversations(tx, id));",
      "const text = `tx is a name`;",
    ].join("\n");
    expect(sqlLines(code)).toEqual([1, 2, 3, 4]);
  });

  it("finds an upward import and a cycle in a made-up graph", () => {
    const made = [
      { from: "lib/a.ts", to: "server/inbox/b.ts" },
      { from: "server/inbox/b.ts", to: "server/jobs/c.ts" },
      { from: "server/jobs/c.ts", to: "server/inbox/d.ts" },
      { from: "components/x/e.tsx", to: "app/actions/f.ts" },
    ].map(({ from, to }) => ({ from: from.split("/").join(path.sep), to: to.split("/").join(path.sep) }));
    expect(upwardImports(made)).toEqual([made[0]]);
    expect(folderCycles(made)).toEqual([["server/inbox", "server/jobs"].map((f) => f.split("/").join(path.sep))]);
  });
});
