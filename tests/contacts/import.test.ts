import { beforeAll, describe, expect, it } from "vitest";
import { guessMapping, type ImportChoices, type ImportMapping } from "@/lib/contact-import";
import { readNotes } from "@/lib/stored-notes";
import {
  createImport,
  getImport,
  listSkippedRows,
  previewImport,
  runContactImport,
  skippedRowsCsv,
  startImport,
} from "@/server/contacts/imports";
import { createField } from "@/server/contacts/settings";
import { asService, asUser } from "@/server/db/client";
import { translatorFor } from "@/server/i18n/translator";
import { createTeam, type TestUser } from "../support/fixtures";
import { useScratchDatabase } from "../support/scratch-database";
import { actorIn, expectAppError } from "./support";

// 100,000 (export) and 10,000 (import) contacts: on a database of their own.
useScratchDatabase();

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;
let en: Awaited<ReturnType<typeof translatorFor>>;
let es: typeof en;

beforeAll(async () => {
  [en, es] = await Promise.all([translatorFor("en"), translatorFor("es")]);
  team = await createTeam();
  other = await createTeam();
  await asUser(team.admin.claims, (tx) => createField(tx, actorIn(team.workspaceId, team.admin), { label: "Kota", type: "text" }));
});

const encoder = new TextEncoder();

/** An Indonesian mobile number from a row index: 0812 + 8 digits, unique per index and series. */
const mobile = (series: number, i: number) => `0812${series}${String(i).padStart(7, "0")}`;
const e164 = (local: string) => `+62${local.slice(1)}`;

async function upload(user: TestUser, csv: string, name = "contacts.csv") {
  return asUser(user.claims, (tx) => createImport(tx, actorIn(team.workspaceId, user), { name, bytes: encoder.encode(csv) }));
}

async function mappingFor(importId: string, user: TestUser): Promise<ImportMapping> {
  const current = await asUser(user.claims, (tx) => getImport(tx, team.workspaceId, importId));
  return guessMapping(current.headers, [{ key: "kota", label: "Kota" }]);
}

async function importAll(user: TestUser, csv: string, onDuplicate: "update" | "skip" = "update", choices: Partial<ImportChoices> = {}) {
  const { id } = await upload(user, csv);
  const mapping = await mappingFor(id, user);
  await asUser(user.claims, (tx) => startImport(tx, actorIn(team.workspaceId, user), id, { mapping, onDuplicate, ...choices }));
  expect(await runContactImport(id)).toBe("done");
  return asUser(user.claims, (tx) => getImport(tx, team.workspaceId, id));
}

/** The report's reasons as an English reader reads them, counted. */
async function skipReasons(importId: string) {
  const rows = await asService(
    (tx) => tx<{ reason: string }[]>`select reason from public.contact_import_skips where import_id = ${importId}`,
  );
  const counts: Record<string, number> = {};
  for (const { reason } of rows) {
    const read = readNotes(reason, en).replace(/row [0-9]+/, "row N");
    counts[read] = (counts[read] ?? 0) + 1;
  }
  return counts;
}

describe("a 10,000-row file with bad rows", () => {
  // Per 100 rows: 90 good ones, and one each of: an invalid number, the number
  // of row 0 written as 62812… and as +62 812…, an unknown stage, an empty
  // row, an over-long name, a bad email, and a number that is already a contact.
  const existing = Array.from({ length: 100 }, (_, k) => mobile(9, k));
  function line(i: number): string {
    const k = Math.floor(i / 100);
    const own = mobile(1, i);
    const base = {
      name: `Pelanggan ${i}`,
      phone: own,
      email: `p${i}@example.com`,
      status: "Qualified",
      tags: "csv, batch",
      kota: "Bandung",
    };
    const row = (() => {
      switch (i % 100) {
        case 1:
          return { ...base, phone: "12345" };
        case 2:
          return { ...base, phone: `62${mobile(1, k * 100).slice(1)}` };
        case 3:
          return { ...base, phone: `+62 ${mobile(1, k * 100).slice(1, 4)} ${mobile(1, k * 100).slice(4)}` };
        case 4:
          return { ...base, status: "hot" };
        case 5:
          return null;
        case 6:
          return { ...base, name: "x".repeat(300) };
        case 7:
          return { ...base, email: "not-an-email" };
        case 8:
          return { ...base, phone: existing[k] ?? "", name: `Updated ${k}`, tags: "imported" };
        default:
          return base;
      }
    })();
    if (!row) return ";;;;;";
    return [row.name, row.phone, row.email, row.status, `"${row.tags}"`, row.kota].join(";");
  }
  // Semicolons and a byte order mark, as Excel writes it in Indonesia; headers in Indonesian.
  const csv = `\ufeffNama;Nomor HP;Email;Status;Label;Kota\n${Array.from({ length: 10_000 }, (_, i) => line(i)).join("\r\n")}\r\n`;

  let result: Awaited<ReturnType<typeof importAll>>;
  beforeAll(async () => {
    await asService(
      (tx) => tx`
        insert into public.contacts (workspace_id, phone_e164, name, tags)
        select ${team.workspaceId}, p, 'Old name', array['existing'] from unnest(${tx.array(existing.map(e164))}::text[]) p`,
    );
    result = await importAll(team.agent, csv);
  }, 300_000);

  it("creates, updates and skips exactly the rows it should, with the reason for each; a bad field only leaves that field out", async () => {
    expect(result).toMatchObject({
      status: "done",
      total_rows: 10_000,
      processed_rows: 10_000,
      created_count: 9_500,
      updated_count: 100,
      skipped_count: 400,
      warned_count: 300,
      error: null,
    });
    expect(await skipReasons(result.id)).toEqual({
      "Empty row.": 100,
      "Same phone number as row N.": 200,
      "Imported without the name: it is longer than 200 characters.": 100,
      "Imported without the status: “hot” is not a stage of this pipeline.": 100,
      "“12345” is not a valid phone number. Add the country code when it is not a ID number.": 100,
      "Imported without the email: “not-an-email” is not a valid email address.": 100,
    });
    const [first, , , hot] = await asUser(team.agent.claims, (tx) => listSkippedRows(tx, team.workspaceId, result.id, 7, en));
    expect(first).toEqual({
      row_number: 3,
      reason: expect.stringContaining("12345"),
      cells: ["Pelanggan 1", "12345", "p1@example.com", "Qualified", "csv, batch", "Bandung"],
      imported: false,
    });
    expect(hot).toMatchObject({ row_number: 6, imported: true, reason: expect.stringContaining("“hot”") });
    // The row with the bad email is a contact, without the email.
    const [row] = await asService(
      (tx) => tx`select name, email, lead_status from public.contacts
                 where workspace_id = ${team.workspaceId} and phone_e164 = ${e164(mobile(1, 7))}`,
    );
    expect(row).toEqual({ name: "Pelanggan 7", email: null, lead_status: "qualified" });
  });

  it("stores the contacts as the contact form would, once per phone number", async () => {
    const [counts] = await asService(
      (tx) => tx<{ imported: number; all: number }[]>`
        select count(*) filter (where source = 'import')::int as imported, count(*)::int as all
        from public.contacts where workspace_id = ${team.workspaceId}`,
    );
    expect(counts).toEqual({ imported: 9_500, all: 9_600 });
    const [row] = await asService(
      (tx) => tx`select name, email, lead_status, tags, custom_attributes, source from public.contacts
                 where workspace_id = ${team.workspaceId} and phone_e164 = ${e164(mobile(1, 200))}`,
    );
    expect(row).toEqual({
      name: "Pelanggan 200",
      email: "p200@example.com",
      lead_status: "qualified",
      tags: ["csv", "batch"],
      custom_attributes: { kota: "Bandung" },
      source: "import",
    });
    const [updated] = await asService(
      (tx) =>
        tx`select name, tags, source from public.contacts where workspace_id = ${team.workspaceId} and phone_e164 = ${e164(existing[3] ?? "")}`,
    );
    // The file's name does not overwrite the contact's own (no overwrite was chosen); tags are added.
    expect(updated).toEqual({ name: "Old name", tags: ["existing", "imported"], source: "whatsapp" });
    // The timeline says who imported the contact.
    const [event] = await asService(
      (tx) => tx`select e.kind, e.actor_id, e.data->>'source' as source from public.contact_events e
                 join public.contacts k on k.id = e.contact_id where k.phone_e164 = ${e164(mobile(1, 200))} and k.workspace_id = ${team.workspaceId}`,
    );
    expect(event).toEqual({ kind: "created", actor_id: team.agent.id, source: "import" });
  });

  it("records the import in the audit log with its counts", async () => {
    const [entry] = await asService(
      (tx) => tx`select actor_id, target_id, target_label, details from public.audit_log
                 where workspace_id = ${team.workspaceId} and action = 'contact.imported' and target_id = ${result.id}`,
    );
    expect(entry).toEqual({
      actor_id: team.agent.id,
      target_id: result.id,
      target_label: "contacts.csv",
      details: { rows: 10_000, created: 9_500, updated: 100, skipped: 400 },
    });
  });
});

describe("importing again and resuming", () => {
  const rows = (from: number, count: number, name: string) =>
    Array.from({ length: count }, (_, i) => `${name} ${from + i},${mobile(2, from + i)},VIP`).join("\n");

  it("a second import of the same people updates them instead of duplicating them, or skips them", async () => {
    const csv = `Name,Phone,Tags\n${rows(0, 30, "Ana")}\n`;
    expect(await importAll(team.admin, csv)).toMatchObject({ created_count: 30, updated_count: 0, skipped_count: 0 });
    // Overwriting names was chosen: the file's replace them.
    const again = await importAll(team.admin, csv.replaceAll("Ana", "Ana B"), "update", { overwrite: ["name"] });
    expect(again).toMatchObject({ created_count: 0, updated_count: 30, skipped_count: 0 });
    const skipped = await importAll(team.admin, csv, "skip");
    expect(skipped).toMatchObject({ created_count: 0, updated_count: 0, skipped_count: 30 });
    const [count] = await asService(
      (tx) => tx<{ n: number; names: number }[]>`
        select count(*)::int as n, count(*) filter (where name like 'Ana B %')::int as names from public.contacts
        where workspace_id = ${team.workspaceId} and phone_e164 like ${`${e164(mobile(2, 0)).slice(0, 8)}%`}`,
    );
    expect(count).toEqual({ n: 30, names: 30 });
  });

  it("a run that stops after a chunk is resumed by the next, with duplicates across the chunk boundary still found", async () => {
    // Row 1001 repeats the number of row 2 (the first data row is row 2).
    const body = `${rows(100, 999, "Budi")}\nLate copy,${mobile(2, 100)},VIP\n${rows(1100, 100, "Budi")}`;
    // The third column has no header: each reader names it in their language.
    const { id } = await upload(team.admin, `Name,Phone,\n${body}\n`);
    const mapping = await mappingFor(id, team.admin);
    await asUser(team.admin.claims, (tx) => startImport(tx, actorIn(team.workspaceId, team.admin), id, { mapping, onDuplicate: "update" }));
    expect(await runContactImport(id, { until: new Date(0) })).toBe("more");
    const halfway = await asUser(team.admin.claims, (tx) => getImport(tx, team.workspaceId, id));
    expect(halfway).toMatchObject({ status: "running", processed_rows: 500, created_count: 500 });
    expect(await runContactImport(id)).toBe("done");
    expect(await runContactImport(id)).toBe("skipped");
    const done = await asUser(team.admin.claims, (tx) => getImport(tx, team.workspaceId, id));
    expect(done).toMatchObject({ status: "done", total_rows: 1100, processed_rows: 1100, created_count: 1099, skipped_count: 1 });
    expect(await asUser(team.admin.claims, (tx) => listSkippedRows(tx, team.workspaceId, id, 10, en))).toEqual([
      { row_number: 1001, reason: "Same phone number as row 2.", cells: ["Late copy", mobile(2, 100), "VIP"], imported: false },
    ]);
    // A Spanish reader reads the same row in Spanish.
    expect(await asUser(team.admin.claims, (tx) => listSkippedRows(tx, team.workspaceId, id, 10, es))).toMatchObject([
      { row_number: 1001, reason: "Mismo número de teléfono que la fila 2." },
    ]);
    // The report of skipped rows: its own columns, the unnamed one and the reasons in the reader's words, separated as the
    // workspace's spreadsheets expect.
    const report = await skippedRowsCsv(team.admin.claims, { id: team.workspaceId, default_locale: "es" }, id, es);
    expect(Buffer.from(await new Response(report).arrayBuffer()).toString("utf8")).toBe(
      `\ufeffFila;Motivo;Name;Phone;Columna 3\n1001;Mismo número de teléfono que la fila 2.;Late copy;${mobile(2, 100)};VIP\n`,
    );
  });
});

describe("the delimiter of a file whose header does not decide", () => {
  it("is the one the workspace's spreadsheets use: ';' where the language writes decimal commas, ',' in English", async () => {
    const csv = `Telefono\n${mobile(4, 1)},5\n`;
    await asService((tx) => tx`update public.workspaces set default_locale = 'es' where id = ${other.workspaceId}`);
    const semicolon = await asUser(other.owner.claims, (tx) =>
      createImport(tx, actorIn(other.workspaceId, other.owner), { name: "es.csv", bytes: encoder.encode(csv) }),
    );
    const comma = await upload(team.admin, csv);
    const stored = await asService(
      (tx) => tx<{ id: string; delimiter: string }[]>`
        select id, delimiter from public.contact_imports where id in ${tx([semicolon.id, comma.id])}`,
    );
    expect(Object.fromEntries(stored.map((row) => [row.id, row.delimiter]))).toEqual({ [semicolon.id]: ";", [comma.id]: "," });
  });
});

describe("preview and mapping", () => {
  it("shows the first rows as they would be imported, with each error", async () => {
    const taken = mobile(3, 1);
    await importAll(team.admin, `Phone\n${taken}\n`);
    const { id } = await upload(
      team.admin,
      `Telefono,Nombre,Estado\n${mobile(3, 2)},Ana,New\n12,Bad,New\n${e164(taken)},Old,Won\n${mobile(3, 2)},Copy,New\n`,
    );
    const mapping = await mappingFor(id, team.admin);
    expect(mapping).toEqual(["phone", "name", "status"]);
    const preview = await asUser(team.admin.claims, (tx) =>
      previewImport(tx, actorIn(team.workspaceId, team.admin), id, { mapping, onDuplicate: "skip" }, en),
    );
    expect(preview.rows.map((r) => [r.rowNumber, r.outcome, r.reason])).toEqual([
      [2, "create", null],
      [3, "skip", expect.stringContaining("not a valid phone number")],
      [4, "skip", "Already a contact (duplicates are skipped)."],
      [5, "skip", "Same phone number as row 2."],
    ]);
    // In the reader's language.
    const spanish = await asUser(team.admin.claims, (tx) =>
      previewImport(tx, actorIn(team.workspaceId, team.admin), id, { mapping, onDuplicate: "skip" }, es),
    );
    expect(spanish.rows.map((r) => r.reason)).toEqual([
      null,
      expect.stringContaining("no es un número de teléfono válido"),
      "Ya es un contacto (los duplicados se omiten).",
      "Mismo número de teléfono que la fila 2.",
    ]);
  });

  it("refuses a mapping without a phone column, a field twice or an unknown custom field", async () => {
    const { id } = await upload(team.admin, `A,B\n${mobile(3, 5)},x\n`);
    const actor = actorIn(team.workspaceId, team.admin);
    await expectAppError(
      asUser(team.admin.claims, (tx) => startImport(tx, actor, id, { mapping: ["name", ""], onDuplicate: "update" })),
      "invalid",
      /phone number/,
    );
    await expectAppError(
      asUser(team.admin.claims, (tx) => startImport(tx, actor, id, { mapping: ["phone", "phone"], onDuplicate: "update" })),
      "invalid",
      /one column/,
    );
    await expectAppError(
      asUser(team.admin.claims, (tx) => startImport(tx, actor, id, { mapping: ["phone", "custom:nope"], onDuplicate: "update" })),
      "invalid",
      /nope/,
    );
    expect(await asUser(team.admin.claims, (tx) => getImport(tx, team.workspaceId, id))).toMatchObject({ status: "draft", mapping: null });
  });
});

describe("who may import", () => {
  it("another workspace's member can neither see, preview, start nor add to an import", async () => {
    const { id } = await upload(team.agent, `Phone\n${mobile(4, 1)}\n`);
    const outsider = actorIn(team.workspaceId, other.owner);
    await expectAppError(
      asUser(other.owner.claims, (tx) => getImport(tx, team.workspaceId, id)),
      "not_found",
    );
    await expectAppError(
      asUser(other.owner.claims, (tx) => previewImport(tx, outsider, id, { mapping: ["phone"], onDuplicate: "update" }, en)),
      "not_found",
    );
    await expectAppError(
      asUser(other.owner.claims, (tx) => startImport(tx, outsider, id, { mapping: ["phone"], onDuplicate: "update" })),
      "not_found",
    );
    await expect(
      asUser(
        other.owner.claims,
        (tx) => tx`insert into public.contact_import_skips (workspace_id, import_id, row_number, reason, cells)
                   values (${team.workspaceId}, ${id}, 99, 'x', '{}')`,
      ),
    ).rejects.toMatchObject({ code: "42501" });
    await expectAppError(
      asUser(other.owner.claims, (tx) => createImport(tx, outsider, { name: "x.csv", bytes: encoder.encode(`Phone\n${mobile(4, 2)}\n`) })),
      "forbidden",
    );
    expect(await asUser(team.agent.claims, (tx) => getImport(tx, team.workspaceId, id))).toMatchObject({ status: "draft" });
  });

  it("an agent imports; a colleague sees the import but only its uploader starts it", async () => {
    const { id } = await upload(team.agent, `Phone\n${mobile(4, 3)}\n`);
    await expectAppError(
      asUser(team.admin.claims, (tx) =>
        startImport(tx, actorIn(team.workspaceId, team.admin), id, { mapping: ["phone"], onDuplicate: "update" }),
      ),
      "forbidden",
    );
    await asUser(team.agent.claims, (tx) =>
      startImport(tx, actorIn(team.workspaceId, team.agent), id, { mapping: ["phone"], onDuplicate: "update" }),
    );
    await expectAppError(
      asUser(team.agent.claims, (tx) =>
        startImport(tx, actorIn(team.workspaceId, team.agent), id, { mapping: ["phone"], onDuplicate: "update" }),
      ),
      "conflict",
    );
    expect(await runContactImport(id)).toBe("done");
    expect(await asUser(team.admin.claims, (tx) => getImport(tx, team.workspaceId, id))).toMatchObject({
      status: "done",
      created_count: 1,
    });
  });
});

describe("status values, overwriting and fields left out", () => {
  const actor = () => actorIn(team.workspaceId, team.admin);
  const preview = (id: string, choices: Omit<ImportChoices, "mapping">) =>
    mappingFor(id, team.admin).then((mapping) =>
      asUser(team.admin.claims, (tx) => previewImport(tx, actor(), id, { mapping, ...choices }, en)),
    );
  const statusOf = async (local: string) => {
    const [row] = await asService(
      (tx) => tx<{ lead_status: string }[]>`
        select lead_status from public.contacts where workspace_id = ${team.workspaceId} and phone_e164 = ${e164(local)}`,
    );
    return row?.lead_status;
  };

  it("an Indonesian file's statuses ('Baru') are matched to stages, and each value can be chosen or left out", async () => {
    const csv = `Nama,Nomor HP,Status\nSiti,${mobile(6, 1)},Baru\nAgus,${mobile(6, 2)},baru\nDewi,${mobile(6, 3)},VIP\nRina,${mobile(6, 4)},Sudah dihubungi\nTono,${mobile(6, 5)},Langganan\n`;
    const { id } = await upload(team.admin, csv);
    const { statusValues } = await preview(id, { onDuplicate: "update" });
    expect(statusValues).toEqual([
      { value: "Baru", rows: 1, guess: "new" },
      { value: "baru", rows: 1, guess: "new" },
      { value: "VIP", rows: 1, guess: null },
      { value: "Sudah dihubungi", rows: 1, guess: "contacted" },
      { value: "Langganan", rows: 1, guess: null },
    ]);
    // The importer says VIP means Qualified and leaves "Langganan" out; the rest as guessed.
    const mapping = await mappingFor(id, team.admin);
    const statusMap = { VIP: "qualified", Langganan: null };
    await asUser(team.admin.claims, (tx) => startImport(tx, actor(), id, { mapping, onDuplicate: "update", statusMap }));
    expect(await runContactImport(id)).toBe("done");
    expect(await asUser(team.admin.claims, (tx) => getImport(tx, team.workspaceId, id))).toMatchObject({
      created_count: 5,
      skipped_count: 0,
      warned_count: 0,
    });
    expect(await Promise.all([1, 2, 3, 4, 5].map((i) => statusOf(mobile(6, i))))).toEqual(["new", "new", "qualified", "contacted", "new"]);
  });

  it("a status choice must be a stage of the pipeline", async () => {
    const { id } = await upload(team.admin, `Phone,Status\n${mobile(6, 9)},VIP\n`);
    const mapping = await mappingFor(id, team.admin);
    await expectAppError(
      asUser(team.admin.claims, (tx) => startImport(tx, actor(), id, { mapping, onDuplicate: "update", statusMap: { VIP: "vip" } })),
      "invalid",
      /“vip” is not a stage/,
    );
  });

  it("updating keeps an existing customer's values unless that column overwrites, and the preview says what changes", async () => {
    const budi = mobile(6, 20);
    await asService(
      (tx) => tx`insert into public.contacts (workspace_id, phone_e164, name, lead_status)
                 values (${team.workspaceId}, ${e164(budi)}, 'Budi', 'won')`,
    );
    const csv = `Nama,Nomor HP,Email,Status\nBudi S.,${budi},budi@example.com,Baru\n`;
    const { id } = await upload(team.admin, csv);

    const kept = await preview(id, { onDuplicate: "update" });
    expect(kept.rows[0]).toMatchObject({
      outcome: "update",
      contactName: "Budi",
      changes: ["name stays “Budi” (the file says “Budi S.”)", "email added", "lead status stays “Won” (the file says “New”)"],
    });
    const overwriting = await preview(id, { onDuplicate: "update", overwrite: ["name"] });
    expect(overwriting.rows[0]?.changes).toEqual([
      "name “Budi” → “Budi S.”",
      "email added",
      "lead status stays “Won” (the file says “New”)",
    ]);
    const spanish = await asUser(team.admin.claims, (tx) =>
      previewImport(tx, actor(), id, { mapping: ["name", "phone", "email", "status"], onDuplicate: "update" }, es),
    );
    expect(spanish.rows[0]?.changes).toEqual([
      "nombre se queda en “Budi” (el archivo dice “Budi S.”)",
      "se añade correo",
      "estado del prospecto se queda en “Won” (el archivo dice “New”)",
    ]);

    await asUser(team.admin.claims, (tx) =>
      startImport(tx, actor(), id, { mapping: ["name", "phone", "email", "status"], onDuplicate: "update", overwrite: ["name"] }),
    );
    expect(await runContactImport(id)).toBe("done");
    const [row] = await asService(
      (tx) =>
        tx`select name, email, lead_status from public.contacts where workspace_id = ${team.workspaceId} and phone_e164 = ${e164(budi)}`,
    );
    expect(row).toEqual({ name: "Budi S.", email: "budi@example.com", lead_status: "won" });
  });

  it("without overwrite, a second file never replaces a non-empty name", async () => {
    const local = mobile(6, 30);
    await importAll(team.admin, `Name,Phone\nSri,${local}\n`);
    expect(await importAll(team.admin, `Name,Phone\nSri Wahyuni,${local}\n`)).toMatchObject({ updated_count: 1 });
    const [row] = await asService(
      (tx) => tx`select name from public.contacts where workspace_id = ${team.workspaceId} and phone_e164 = ${e164(local)}`,
    );
    expect(row).toEqual({ name: "Sri" });
  });

  it("a row with a bad email is imported without it, and the report says so", async () => {
    const local = mobile(6, 40);
    const done = await importAll(team.admin, `Name,Phone,Email\nWati,${local},wati@\n`);
    expect(done).toMatchObject({ created_count: 1, skipped_count: 0, warned_count: 1 });
    expect(await asUser(team.admin.claims, (tx) => listSkippedRows(tx, team.workspaceId, done.id, 10, en))).toEqual([
      {
        row_number: 2,
        reason: "Imported without the email: “wati@” is not a valid email address.",
        cells: ["Wati", local, "wati@"],
        imported: true,
      },
    ]);
    // Stored as the catalogue's key, so a Brazilian colleague reads the report in Portuguese.
    const [stored] = await asService(
      (tx) => tx<{ reason: string }[]>`select reason from public.contact_import_skips where import_id = ${done.id}`,
    );
    expect(JSON.parse(stored?.reason ?? "")).toEqual({ key: "errors.imports.without.email", values: { value: "wati@" } });
    const portuguese = await translatorFor("pt-BR");
    expect(await asUser(team.admin.claims, (tx) => listSkippedRows(tx, team.workspaceId, done.id, 10, portuguese))).toMatchObject([
      { row_number: 2, reason: "Importado sem o e-mail: “wati@” não é um endereço de e-mail válido." },
    ]);
    // A line written before reasons were stored as keys reads as it was written.
    await asService(
      (tx) => tx`insert into public.contact_import_skips (workspace_id, import_id, row_number, reason, cells, imported)
                 values (${team.workspaceId}, ${done.id}, 3, 'Empty row.', '{}', false)`,
    );
    expect(await asUser(team.admin.claims, (tx) => listSkippedRows(tx, team.workspaceId, done.id, 10, portuguese))).toMatchObject([
      { row_number: 2 },
      { row_number: 3, reason: "Empty row." },
    ]);
    const [row] = await asService(
      (tx) => tx`select name, email from public.contacts where workspace_id = ${team.workspaceId} and phone_e164 = ${e164(local)}`,
    );
    expect(row).toEqual({ name: "Wati", email: null });
  });
});
