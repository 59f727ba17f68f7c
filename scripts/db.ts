/**
 * Database chores against DATABASE_URL, or the embedded dev database when unset:
 *   npm run db:migrate   bootstrap (plain Postgres only) + supabase db push
 *   npm run db:types     regenerate src/lib/database.types.ts and database.columns.ts from the schema
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { startEmbeddedPostgres } from "./database/embedded";
import { generateColumnTypes, generateTypes, prepareDatabase, repoRoot } from "./database/prepare";

export const TYPES_FILE = path.join(repoRoot, "src/lib/database.types.ts");
export const COLUMNS_FILE = path.join(repoRoot, "src/lib/database.columns.ts");

async function main() {
  const command = process.argv[2];
  if (command !== "migrate" && command !== "types") throw new Error("usage: tsx scripts/db.ts <migrate|types>");

  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  if (url) {
    await prepareDatabase({ appUrl: url });
  } else {
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(repoRoot, ".data", "postgres"),
      port: Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329),
      database: "conversa",
    });
    stop = embedded.stop;
    url = embedded.appUrl;
    await prepareDatabase({ appUrl: url, superuserUrl: embedded.adminUrl, appRolePassword: "postgres" });
  }
  try {
    if (command === "types") {
      await writeFile(TYPES_FILE, await generateTypes(url));
      await writeFile(COLUMNS_FILE, await generateColumnTypes(url));
      console.log(`Wrote ${path.relative(repoRoot, TYPES_FILE)} and ${path.relative(repoRoot, COLUMNS_FILE)}`);
    } else {
      console.log("Database is migrated.");
    }
  } finally {
    await stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
