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

/**
 * What the `postgres` driver returns where it differs from the generated
 * types (which follow PostgREST's JSON): dates and timestamps are parsed into
 * Date, while int8 and numeric stay strings (no precision lost) and bytea
 * becomes a Buffer. Every other type the driver gives as the generated type says.
 */
const RUNTIME_TYPES: Record<string, string> = {
  date: "Date",
  timestamp: "Date",
  timestamptz: "Date",
  int8: "string",
  numeric: "string",
  bytea: "Buffer",
};

/**
 * src/lib/database.columns.ts: per public table, the columns whose runtime
 * type (see RUNTIME_TYPES) differs from database.types.ts, read from the
 * catalog of the migrated database.
 */
export async function generateColumnTypes(url: string): Promise<string> {
  const sql = connect(url);
  try {
    const columns = await sql<{ table_name: string; column_name: string; type_name: string; element_name: string | null }[]>`
      select c.relname as table_name, a.attname as column_name, base.typname as type_name, element.typname as element_name
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
      join pg_type t on t.oid = a.atttypid
      join pg_type base on base.oid = case when t.typtype = 'd' then t.typbasetype else t.oid end
      left join pg_type element on element.oid = base.typelem and base.typcategory = 'A'
      where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      order by c.relname collate "C", a.attname collate "C"`;
    const tables = new Map<string, string[]>();
    for (const column of columns) {
      const element = column.element_name && RUNTIME_TYPES[column.element_name];
      const runtime = column.element_name ? element && `${element}[]` : RUNTIME_TYPES[column.type_name];
      if (!runtime) continue;
      const entries = tables.get(column.table_name) ?? [];
      entries.push(`    ${column.column_name}: ${runtime};`);
      tables.set(column.table_name, entries);
    }
    const body = [...tables].map(([table, entries]) => `  ${table}: {\n${entries.join("\n")}\n  };`).join("\n");
    return [
      "// Generated by `npm run db:types` (scripts/database/prepare.ts): do not edit.",
      "// Per table, the columns the `postgres` driver returns as another type than",
      "// database.types.ts says; src/server/db/rows.ts applies them (nullability kept).",
      "export type RuntimeColumns = {",
      body,
      "};",
      "",
    ].join("\n");
  } finally {
    await sql.end();
  }
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
