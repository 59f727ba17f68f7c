import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";

const run = promisify(execFile);
export const repoRoot = path.resolve(import.meta.dirname, "../..");
const cliBinary = path.join(repoRoot, "node_modules", ".bin", "supabase");

/** Local URLs need sslmode=disable, or the CLI prints a TLS warning (into generated types too). */
export function withSslDisabled(url: string): string {
  const parsed = new URL(url);
  const host = parsed.hostname;
  if ((host === "127.0.0.1" || host === "localhost") && !parsed.searchParams.has("sslmode")) {
    parsed.searchParams.set("sslmode", "disable");
  }
  return parsed.toString();
}

function connect(url: string) {
  return postgres(url, { max: 1, onnotice: () => {} });
}

/** Hosted Supabase (and its local stack) has GoTrue's own admin role. */
export async function isSupabaseDatabase(url: string): Promise<boolean> {
  const sql = connect(url);
  try {
    const [row] = await sql`select exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') as found`;
    return row?.found === true;
  } finally {
    await sql.end();
  }
}

/** Makes plain Postgres Supabase-shaped (roles, auth, extensions schema). Idempotent; needs a superuser. */
export async function applyPlatformBootstrap(superuserUrl: string, appRolePassword?: string) {
  const sql = connect(superuserUrl);
  try {
    const bootstrap = await readFile(path.join(repoRoot, "supabase/bootstrap/platform.sql"), "utf8");
    await sql.unsafe(bootstrap);
    if (appRolePassword) {
      await sql.unsafe(`alter role postgres with login password '${appRolePassword.replaceAll("'", "''")}'`);
    }
  } finally {
    await sql.end();
  }
}

/**
 * Runs the Supabase CLI from node_modules on the project in `workdir` (this
 * repository unless a test names a copy); its output, or an error that
 * carries it.
 */
export async function supabaseCli(args: string[], options: { workdir?: string } = {}): Promise<{ stdout: string; stderr: string }> {
  const workdir = options.workdir ?? repoRoot;
  return run(cliBinary, [...args, "--workdir", workdir], {
    cwd: workdir,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  }).catch((error: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`supabase ${args[0]} ${args[1] ?? ""} failed:\n${error.stderr ?? ""}${error.stdout ?? ""}`, { cause: error });
  });
}

/**
 * Applies supabase/migrations with the real Supabase CLI, so the history is
 * Supabase's own supabase_migrations.schema_migrations. A no-op when current.
 */
export async function applyMigrations(url: string): Promise<string> {
  const { stdout, stderr } = await supabaseCli(["db", "push", `--remote=${withSslDisabled(url)}`, "--yes"]);
  return `${stdout}${stderr}`;
}

/** Generated row types, from the live schema. */
export async function generateTypes(url: string): Promise<string> {
  const { stdout } = await supabaseCli(["gen", "types", "typescript", "--db-url", withSslDisabled(url), "--schema", "public"]);
  return stdout;
}

/** Loads supabase/seed.sql once: a database that already has the demo workspace is left alone. */
export async function seedIfEmpty(url: string): Promise<boolean> {
  const sql = connect(url);
  try {
    const [existing] = await sql`select 1 from public.workspaces where slug = 'demo'`;
    if (existing) return false;
    const seed = await readFile(path.join(repoRoot, "supabase/seed.sql"), "utf8");
    await sql.begin((tx) => tx.unsafe(seed));
    return true;
  } finally {
    await sql.end();
  }
}

/** Everything a fresh or existing database needs before the app can use it. */
export async function prepareDatabase(options: { appUrl: string; superuserUrl?: string; appRolePassword?: string }) {
  if (!(await isSupabaseDatabase(options.superuserUrl ?? options.appUrl))) {
    await applyPlatformBootstrap(options.superuserUrl ?? options.appUrl, options.appRolePassword);
  }
  await applyMigrations(options.appUrl);
}
