import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, inject, it } from "vitest";
import { generateColumnTypes, generateTypes, repoRoot } from "../../scripts/database/prepare";

it("the committed row types match the migrated schema (run `npm run db:types` when this fails)", async () => {
  const committed = await readFile(path.join(repoRoot, "src/lib/database.types.ts"), "utf8");
  expect(await generateTypes(inject("databaseUrl"))).toBe(committed);
});

it("the committed runtime column types match the migrated schema (run `npm run db:types` when this fails)", async () => {
  const committed = await readFile(path.join(repoRoot, "src/lib/database.columns.ts"), "utf8");
  expect(await generateColumnTypes(inject("databaseUrl"))).toBe(committed);
});
