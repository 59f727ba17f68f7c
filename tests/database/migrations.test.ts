import { readdir } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { prepareDatabase, repoRoot, seedIfEmpty } from "../../scripts/database/prepare";
import { emptyDatabase } from "../support/scratch-database";

const superuserUrl = inject("superuserUrl");

// Needs a server where databases can be created: the embedded one, or TEST_SUPERUSER_URL.
describe.runIf(superuserUrl)("bootstrap, migrations and seed on an empty database", () => {
  const { appUrl, superuserUrl: scratchSuperuserUrl } = emptyDatabase(superuserUrl ?? "");

  it("applies from empty, twice, and records every migration in Supabase's history table", async () => {
    const setup = { appUrl, superuserUrl: scratchSuperuserUrl, appRolePassword: "postgres" };
    await prepareDatabase(setup);
    await prepareDatabase(setup);

    const files = (await readdir(path.join(repoRoot, "supabase/migrations"))).filter((f) => f.endsWith(".sql")).sort();
    const sql = postgres(appUrl, { max: 1, onnotice: () => {} });
    try {
      const history = await sql<{ version: string; name: string }[]>`
        select version, name from supabase_migrations.schema_migrations order by version`;
      expect(history.map((h) => `${h.version}_${h.name}.sql`)).toEqual(files);

      const [role] = await sql<{ rolsuper: boolean }[]>`select rolsuper from pg_roles where rolname = current_user`;
      expect(role?.rolsuper).toBe(false);
    } finally {
      await sql.end();
    }
  });

  it("seeds the demo workspace once", async () => {
    expect(await seedIfEmpty(appUrl)).toBe(true);
    expect(await seedIfEmpty(appUrl)).toBe(false);

    const sql = postgres(appUrl, { max: 1, onnotice: () => {} });
    try {
      const [counts] = await sql<{ contacts: number; conversations: number; messages: number; members: number; countries: number }[]>`
        select (select count(*)::int from public.contacts) as contacts,
               (select count(*)::int from public.conversations) as conversations,
               (select count(*)::int from public.messages) as messages,
               (select count(*)::int from public.workspace_members) as members,
               (select count(distinct substr(phone_e164, 1, 3))::int from public.contacts) as countries`;
      expect(counts?.contacts).toBeGreaterThanOrEqual(45);
      expect(counts?.conversations).toBeGreaterThanOrEqual(45);
      expect(counts?.messages).toBeGreaterThan(150);
      expect(counts?.members).toBeGreaterThanOrEqual(3);
      expect(counts?.countries).toBeGreaterThanOrEqual(4);
      const [missingStats] = await sql`select 1 from public.conversations where last_message_at is null limit 1`;
      expect(missingStats).toBeUndefined();
    } finally {
      await sql.end();
    }
  });
});
