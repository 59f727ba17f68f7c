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
      const admin = postgres(superuserUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${database}`).finally(() => admin.end());
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
    const admin = postgres(superuserUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${database} with (force)`).finally(() => admin.end());
  });
}
