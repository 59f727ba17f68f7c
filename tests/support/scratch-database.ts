import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { db } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { prepareDatabase } from "../../scripts/database/prepare";
import { unique } from "./fixtures";

/** A URL for another database on the same server. */
export function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** One statement as the cluster's superuser (create or drop a database). */
async function asSuperuser(superuserUrl: string, statement: string) {
  const admin = postgres(superuserUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(statement).finally(() => admin.end());
}

/**
 * An empty database of this file's own on the test server, created before
 * its tests and dropped after them, for tests of what builds a database
 * (bootstrap, migrations, the Supabase CLI): its URLs as the app role and
 * as the superuser.
 */
export function emptyDatabase(superuserUrl: string) {
  const database = unique("scratch").replace("-", "_");
  beforeAll(() => asSuperuser(superuserUrl, `create database ${database}`));
  afterAll(() => asSuperuser(superuserUrl, `drop database if exists ${database} with (force)`));
  return { appUrl: withDatabase(inject("databaseUrl"), database), superuserUrl: withDatabase(superuserUrl, database) };
}

/**
 * Runs this test file on a database of its own, built by the same bootstrap
 * and migrations: for files that load 100,000 rows, so other files' scans
 * of a whole table (RLS tests without a workspace filter) do not wade
 * through them. Call it first, before any query. Without a server where
 * databases can be created (a DATABASE_URL run without TEST_SUPERUSER_URL)
 * the file uses the shared database.
 */
export function useScratchDatabase() {
  const superuserUrl = inject("superuserUrl");
  const database = unique("scratch").replace("-", "_");
  if (superuserUrl) {
    beforeAll(async () => {
      await asSuperuser(superuserUrl, `create database ${database}`);
      const appUrl = withDatabase(inject("databaseUrl"), database);
      await prepareDatabase({ appUrl, superuserUrl: withDatabase(superuserUrl, database), appRolePassword: "postgres" });
      // The app's pool and queue read DATABASE_URL when first used, which is after this.
      process.env.DATABASE_URL = appUrl;
    }, 300_000);
  }
  afterAll(async () => {
    await stopQueue();
    if (!superuserUrl) return;
    await db().end();
    await asSuperuser(superuserUrl, `drop database if exists ${database} with (force)`);
  });
}
