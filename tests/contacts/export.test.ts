import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import type { ContactListParams } from "@/lib/contact-filters";
import { guessMapping } from "@/lib/contact-import";
import { formatPhone } from "@/lib/format";
import { LOCALES } from "@/lib/locales";
import { EXPORT_COLUMNS, type ExportColumn, exportContacts } from "@/server/contacts/export";
import { createField } from "@/server/contacts/settings";
import { asService, asUser, db } from "@/server/db/client";
import en from "../../messages/en";
import { createTeam } from "../support/fixtures";
import { CATALOGUES } from "../support/intl";
import { useScratchDatabase } from "../support/scratch-database";
import { actorIn, expectAppError } from "./support";

// 100,000 (export) and 10,000 (import) contacts: on a database of their own.
useScratchDatabase();

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;
const workspace = () => ({ id: team.workspaceId, default_country: "ID", default_locale: "en" });
const english = (column: ExportColumn) => en.contacts.export.columns[column];
const ALL: ContactListParams = { sort: "created", direction: "asc" };

beforeAll(async () => {
  team = await createTeam();
  other = await createTeam();
  await asUser(team.admin.claims, (tx) => createField(tx, actorIn(team.workspaceId, team.admin), { label: "Kota", type: "text" }));
  // 100,000 contacts in one statement; every tenth is qualified and owned by the agent.
  await asService(
    (tx) => tx`
      insert into public.contacts (workspace_id, phone_e164, name, email, lead_status, tags, owner_id, custom_attributes, created_at)
      select ${team.workspaceId}, '+62812' || lpad(i::text, 8, '0'), 'Contact ' || i, 'c' || i || '@example.com',
             case when i % 10 = 0 then 'qualified' else 'new' end, array['vip', 'jkt'],
             case when i % 10 = 0 then ${team.agent.id}::uuid end, jsonb_build_object('kota', 'Kota ' || i),
             timestamptz '2026-01-01' + i * interval '1 second'
      from generate_series(1, 100000) i`,
  );
}, 600_000);

async function readAll(stream: ReadableStream<Uint8Array>) {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return { chunks, text: Buffer.concat(chunks).toString("utf8") };
}

describe("CSV export", () => {
  it("streams 100,000 contacts: the first bytes leave while the query is still open, and every row arrives", async () => {
    const stream = await exportContacts(team.admin.claims, workspace(), ALL, english);
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    while (!Buffer.concat(chunks).toString("utf8").includes("Contact 1,")) {
      const next = await reader.read();
      if (next.done) throw new Error("the export ended before its first contact");
      chunks.push(next.value);
    }
    // The first contacts are here while the cursor's query is still open: rows are not all collected first.
    const open = await db()<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where state in ('active', 'idle in transaction') and query like '%k.custom_attributes%' and query like '%from public.contacts k%'
        and pid <> pg_backend_pid()`;
    expect(open[0]?.n).toBe(1);

    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    expect(chunks.length).toBeGreaterThan(10);
    const text = Buffer.concat(chunks).toString("utf8");
    expect(text.startsWith("\ufeffName,Phone,Email,Lead status,Score,Tags,Owner,Source,Created,Last activity,Kota\n")).toBe(true);
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(100_000);
    expect(rows[0]).toEqual({
      Name: "Contact 1",
      Phone: formatPhone("+6281200000001"),
      Email: "c1@example.com",
      "Lead status": "New",
      Score: "0",
      Tags: "vip, jkt",
      Owner: "",
      Source: "whatsapp",
      Created: "2026-01-01T00:00:01.000000Z",
      "Last activity": expect.any(String),
      Kota: "Kota 1",
    });
    expect(rows[9]).toMatchObject({ Name: "Contact 10", "Lead status": "Qualified", Owner: team.agent.email });
    expect(rows.at(-1)?.Name).toBe("Contact 100000");
  }, 300_000);

  it("exports what the list's filters select, and records who exported what", async () => {
    const { text } = await readAll(
      await exportContacts(team.admin.claims, workspace(), { ...ALL, statuses: ["qualified"], search: "Contact 99" }, english),
    );
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    // Qualified (every tenth) among names starting "Contact 99": 990, 9990, 99990 … 99 ∪ 990..999 ∪ 9900..9999 ∪ 99000..99999.
    expect(rows.map((r) => r.Name)).toEqual(
      [990, ...Array.from({ length: 10 }, (_, i) => 9900 + i * 10), ...Array.from({ length: 100 }, (_, i) => 99000 + i * 10)].map(
        (i) => `Contact ${i}`,
      ),
    );
    const [entry] = await asService(
      (tx) => tx`select actor_id, details from public.audit_log
                 where workspace_id = ${team.workspaceId} and action = 'data.exported' order by id desc limit 1`,
    );
    expect(entry).toEqual({
      actor_id: team.admin.id,
      details: { what: "contacts", filters: { statuses: ["qualified"], search: "Contact 99" }, sort: "created", direction: "asc" },
    });
  }, 60_000);

  it("keeps cells that a spreadsheet would run as formulas as text", async () => {
    const [row] = await asService(
      (tx) => tx<{ id: string }[]>`
        insert into public.contacts (workspace_id, phone_e164, name) values (${other.workspaceId}, '+6281300000001', '=HYPERLINK("x")')
        returning id`,
    );
    expect(row).toBeDefined();
    const { text } = await readAll(
      await exportContacts(other.owner.claims, { id: other.workspaceId, default_country: "ID", default_locale: "en" }, ALL, english),
    );
    const [exported] = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(exported).toMatchObject({ Name: `'=HYPERLINK("x")`, Phone: formatPhone("+6281300000001") });
  });

  it("separates with ';' for a Spanish-speaking workspace, headed in the reader's language, and imports back", async () => {
    const spanish = (column: ExportColumn) => CATALOGUES.es.contacts.export.columns[column];
    const { text } = await readAll(
      await exportContacts(other.owner.claims, { id: other.workspaceId, default_country: "ID", default_locale: "es" }, ALL, spanish),
    );
    const [header, ...rows] = parse(text, { bom: true, delimiter: ";" }) as string[][];
    expect(header).toEqual(EXPORT_COLUMNS.map(spanish));
    expect(text.split("\n")[0]).toBe(`\ufeff${header?.join(";")}`);
    expect(rows[0]?.slice(0, 2)).toEqual([`'=HYPERLINK("x")`, formatPhone("+6281300000001")]);
    // The translated headers are names the import recognises.
    expect(guessMapping(header ?? [], [])).toEqual(["name", "phone", "email", "status", "", "tags", "owner", "", "", ""]);
  });

  it.each(LOCALES)("writes the header in %s, in names the import recognises, so the file can be imported back", async (locale) => {
    const columns = (column: ExportColumn) => CATALOGUES[locale].contacts.export.columns[column];
    const { text } = await readAll(
      await exportContacts(other.owner.claims, { id: other.workspaceId, default_country: "ID", default_locale: locale }, ALL, columns),
    );
    const [header] = parse(text, { bom: true, to: 1, delimiter: locale === "en" ? "," : ";" }) as string[][];
    expect(guessMapping(header ?? [], []).slice(0, 7)).toEqual(["name", "phone", "email", "status", "", "tags", "owner"]);
  });

  it("is for owners and admins of the workspace only", async () => {
    await expectAppError(exportContacts(team.agent.claims, workspace(), ALL, english), "forbidden", /owners and admins/);
    await expectAppError(exportContacts(other.owner.claims, workspace(), ALL, english), "forbidden");
    const [count] = await asService(
      (tx) =>
        tx<
          { n: number }[]
        >`select count(*)::int as n from public.audit_log where workspace_id = ${team.workspaceId} and actor_id = ${team.agent.id}`,
    );
    expect(count?.n).toBe(0);
  });
});
