import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  applyMigrations,
  applyPlatformBootstrap,
  repoRoot,
  seedIfEmpty,
  supabaseCli,
  withSslDisabled,
} from "../../scripts/database/prepare";
import { emptyDatabase } from "../support/scratch-database";

const superuserUrl = inject("superuserUrl");

/**
 * What `supabase start` / `supabase db reset` would do with supabase/, run
 * here without Docker: the same CLI (npm package `supabase`) against a fresh
 * database of the embedded server, made Supabase-shaped by the bootstrap
 * first, as every plain PostgreSQL is (scripts/database/prepare.ts).
 */
describe.runIf(superuserUrl)("the Supabase CLI with supabase/config.toml, migrations and seed.sql", () => {
  const scratch = emptyDatabase(superuserUrl ?? "");
  const url = withSslDisabled(scratch.appUrl);
  const remote = `--remote=${url}`;
  let versions: string[] = [];

  /** `supabase migration list`: each migration's version in the files and in the database's history, as the CLI sees them. */
  async function migrationList(workdir?: string) {
    const { stdout, stderr } = await supabaseCli(["migration", "list", remote, "--output-format", "json"], { workdir });
    const { migrations } = JSON.parse(stdout) as { migrations: { local: string; remote: string }[] };
    return { history: migrations.map(({ local, remote }) => ({ local, remote })), stderr };
  }

  beforeAll(async () => {
    await applyPlatformBootstrap(scratch.superuserUrl, "postgres");
    const files = (await readdir(path.join(repoRoot, "supabase/migrations"))).filter((f) => f.endsWith(".sql")).sort();
    versions = files.map((f) => f.split("_")[0] ?? f);
  });

  it("reads config.toml without a complaint, and finds no key it would ignore", async () => {
    const { history, stderr } = await migrationList();
    expect(history.map((h) => h.local)).toEqual(versions);
    expect(stderr).not.toMatch(/WARN|does not recognize|invalid/i);
  });

  describe("on a broken copy of supabase/", () => {
    let workdir = "";
    let config = "";
    let original = "";
    beforeAll(async () => {
      workdir = await mkdtemp(path.join(tmpdir(), "conversa-supabase-"));
      await cp(path.join(repoRoot, "supabase"), path.join(workdir, "supabase"), { recursive: true });
      config = path.join(workdir, "supabase", "config.toml");
      original = await readFile(config, "utf8");
    });
    afterAll(() => rm(workdir, { recursive: true, force: true }));

    it.each([
      ["a TOML syntax error", (toml: string) => toml.replace("[api]\nenabled = true", "[api]\nenabled = = true"), /Invalid TOML/],
      [
        "a value out of its set",
        (toml: string) => toml.replace('pool_mode = "transaction"', 'pool_mode = "sometimes"'),
        /db\.pooler\.pool_mode/,
      ],
      ["a value of the wrong type", (toml: string) => toml.replace("jwt_expiry = 3600", 'jwt_expiry = "an hour"'), /auth\.jwt_expiry/],
      ["a missing project id", (toml: string) => toml.replace('project_id = "conversa"', 'project_id = ""'), /project_id/],
    ])("refuses %s, naming it", async (_, breakIt, complaint) => {
      // The intact copy passes, so what fails below is the change alone.
      await writeFile(config, original);
      await expect(migrationList(workdir)).resolves.toBeTruthy();
      const broken = breakIt(original);
      expect(broken).not.toBe(original);
      await writeFile(config, broken);
      await expect(migrationList(workdir)).rejects.toThrow(complaint);
    });
  });

  it("db push applies every migration, the histories then match, and a second push changes nothing", async () => {
    expect((await migrationList()).history).toEqual(versions.map((v) => ({ local: v, remote: "" })));

    expect(await applyMigrations(url)).toMatch(/Finished supabase db push/);
    const matching = versions.map((v) => ({ local: v, remote: v }));
    expect((await migrationList()).history).toEqual(matching);

    expect(await applyMigrations(url)).toMatch(/Remote database is up to date/);
    expect((await migrationList()).history).toEqual(matching);
  }, 120_000);

  it("db reset drops what the migrations did not make, applies them again and loads seed.sql: the demo workspace", async () => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await sql`create table public.left_behind (id int)`;

      const { stdout, stderr } = await supabaseCli(["db", "reset", remote, "--yes"]);
      expect(`${stdout}${stderr}`).toMatch(/Seeding data from supabase\/seed\.sql/);

      const [state] = await sql<
        {
          leftBehind: string | null;
          members: number;
          channels: number;
          contacts: number;
          realtimePolicies: number;
          usersGoTrueCannotRead: number;
        }[]
      >`
        select to_regclass('public.left_behind')::text as "leftBehind",
               (select count(*)::int from public.workspace_members m join public.workspaces w on w.id = m.workspace_id
                 where w.slug = 'demo') as members,
               (select count(*)::int from public.whatsapp_channels) as channels,
               (select count(*)::int from public.contacts) as contacts,
               (select count(*)::int from pg_policies where schemaname = 'realtime' and tablename = 'messages') as "realtimePolicies",
               (select count(*)::int from auth.users where confirmation_token is null or recovery_token is null
                  or email_change_token_new is null or email_change is null) as "usersGoTrueCannotRead"`;
      expect(state).toEqual({
        leftBehind: null,
        members: 4,
        channels: 3,
        contacts: expect.any(Number),
        realtimePolicies: 1,
        usersGoTrueCannotRead: 0,
      });
      expect(state?.contacts).toBeGreaterThanOrEqual(45);
      // The bootstrap's Realtime schema survives a reset, as Supabase's own does, so the migration's policy is back on it.
      expect((await migrationList()).history).toEqual(versions.map((v) => ({ local: v, remote: v })));
      // `npm run dev` against such a database finds the demo and does not seed twice.
      expect(await seedIfEmpty(url)).toBe(false);
    } finally {
      await sql.end();
    }
  }, 120_000);
});
