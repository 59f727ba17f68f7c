import { chmod, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { grantTraverseToAncestors, startEmbeddedPostgres } from "../../scripts/database/embedded";
import { freePort } from "../support/free-port";

describe("embedded PostgreSQL under a folder only its owner may enter", () => {
  const created: string[] = [];
  afterAll(async () => {
    for (const dir of created) await rm(dir, { recursive: true, force: true });
  });

  it("grants only the traverse bit to closed ancestors", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "conversa-traverse-"));
    created.push(root);
    const inner = path.join(root, "a", "b");
    await mkdir(inner, { recursive: true });
    await chmod(root, 0o700);
    await chmod(path.join(root, "a"), 0o700);

    const changed = await grantTraverseToAncestors(inner);

    expect(changed).toEqual(expect.arrayContaining([root, path.join(root, "a")]));
    expect((await stat(root)).mode & 0o777).toBe(0o701);
    expect((await stat(path.join(root, "a"))).mode & 0o777).toBe(0o701);
    expect(await grantTraverseToAncestors(inner)).toEqual([]);
  });

  it("initialises and starts with its data inside a mode-700 folder", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "conversa-closed-"));
    created.push(root);
    await chmod(root, 0o700);
    const db = await startEmbeddedPostgres({
      dataDir: path.join(root, "clone", ".data", "pg"),
      port: await freePort(),
      database: "closed",
    });
    try {
      const sql = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
      const [row] = await sql<{ db: string }[]>`select current_database() as db`;
      await sql.end();
      expect(row?.db).toBe("closed");
    } finally {
      await db.stop();
    }
  }, 120_000);
});
