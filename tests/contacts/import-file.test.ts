import { describe, expect, it } from "vitest";
import { guessMapping, guessStage, IMPORT_MAX_BYTES } from "@/lib/contact-import";
import { LOCALES } from "@/lib/locales";
import { marketDelimiter, readCsvUpload } from "@/server/contacts/import-file";
import { expectAppError } from "./support";

const bytes = (text: string) => new TextEncoder().encode(text);
const read = (text: string | Uint8Array) => Promise.resolve().then(() => readCsvUpload(typeof text === "string" ? bytes(text) : text));

describe("reading an uploaded CSV file", () => {
  it("finds the delimiter Excel used, drops the byte order mark and keeps quoted delimiters", async () => {
    const semicolons = await read('\ufeffNombre;Teléfono;Etiquetas\nAna;0812 3456 7890;"vip; feria"\n');
    expect(semicolons).toMatchObject({ delimiter: ";", headers: ["Nombre", "Teléfono", "Etiquetas"], totalRows: 1 });
    expect(semicolons.previewRows).toEqual([["Ana", "0812 3456 7890", "vip; feria"]]);
    expect(await read('name,phone,notes\r\n"Silva, Ana",+55 11 98765 4321,"a; b"\r\n')).toMatchObject({
      delimiter: ",",
      previewRows: [["Silva, Ana", "+55 11 98765 4321", "a; b"]],
    });
    expect(await read("nama\tnomor\nBudi\t0812\n")).toMatchObject({ delimiter: "\t", headers: ["nama", "nomor"] });
  });

  it("falls back to the workspace's delimiter when the header line does not decide (one column, or a tie)", async () => {
    expect(readCsvUpload(bytes("Nomor\n0812,5\n"), ";")).toMatchObject({ delimiter: ";", previewRows: [["0812,5"]] });
    expect(readCsvUpload(bytes("Nomor\n0812,5\n"), ",")).toMatchObject({ delimiter: ",", previewRows: [["0812", "5"]] });
    expect(readCsvUpload(bytes("a,b;c\n1\n"), ";")).toMatchObject({ delimiter: ";", headers: ["a,b", "c"] });
    expect(readCsvUpload(bytes("a,b;c\n1\n"), ",")).toMatchObject({ delimiter: ",", headers: ["a", "b;c"] });
    // A header that decides wins over the workspace's habit.
    expect(readCsvUpload(bytes("name,phone,email\nAna,0812,a@b.c\n"), ";")).toMatchObject({ delimiter: "," });
  });

  it("takes ';' for workspaces in Indonesian, Spanish and Portuguese, ',' in English", () => {
    expect(LOCALES.map((locale) => [locale, marketDelimiter(locale)])).toEqual([
      ["en", ","],
      ["id", ";"],
      ["es", ";"],
      ["pt-BR", ";"],
    ]);
  });

  it("counts every row, blank ones too, and keeps an unnamed column's header empty (each reader names it)", async () => {
    const upload = await read("phone,\n1,a\n\n2\n");
    expect(upload).toMatchObject({ headers: ["phone", ""], totalRows: 3 });
    expect(upload.previewRows).toEqual([["1", "a"], [""], ["2"]]);
  });

  it("refuses what it cannot read, saying why", async () => {
    await expectAppError(read(""), "invalid", /empty/);
    await expectAppError(read("phone,name\n"), "invalid", /no rows under its header/);
    await expectAppError(
      read(new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x4a, 0x6f, 0x73, 0xe9, 0x0a])),
      "invalid",
      /not UTF-8.*CSV UTF-8/,
    );
    await expectAppError(read('phone,name\n0812,"Ana\n'), "invalid", /not valid CSV: .*quote/i);
    await expectAppError(read(new Uint8Array(IMPORT_MAX_BYTES + 1).fill(0x61)), "invalid", /larger than 10 MB/);
  });
});

describe("guessing the mapping from header names", () => {
  it("knows the fields in English, Spanish, Portuguese and Indonesian, and the workspace's custom fields", () => {
    const fields = [{ key: "order_size", label: "Order size" }];
    expect(guessMapping(["Full name", "Phone number", "E-mail", "Tags", "Stage", "Owner", "Order size", "Notes"], fields)).toEqual([
      "name",
      "phone",
      "email",
      "tags",
      "status",
      "owner",
      "custom:order_size",
      "",
    ]);
    expect(guessMapping(["Nombre", "Teléfono", "Correo electrónico", "Etiquetas", "Estado"], [])).toEqual([
      "name",
      "phone",
      "email",
      "tags",
      "status",
    ]);
    expect(guessMapping(["Nome", "Celular", "Responsável"], [])).toEqual(["name", "phone", "owner"]);
    expect(guessMapping(["Nama", "Nomor HP", "Label"], [])).toEqual(["name", "phone", "tags"]);
    // A field is guessed once: the second phone-like column is left to the user.
    expect(guessMapping(["Telefono", "WhatsApp"], [])).toEqual(["phone", ""]);
  });
});

describe("guessing the stage of a status value", () => {
  const stages = [
    { key: "new", label: "New" },
    { key: "follow_up", label: "Seguimiento en línea" },
    { key: "won", label: "Won" },
  ];
  it("by label or key, ignoring case and accents; by a common word for a default stage; else nothing", () => {
    expect(guessStage("NEW", stages)).toBe("new");
    expect(guessStage("seguimiento en linea", stages)).toBe("follow_up");
    expect(guessStage("Follow up", stages)).toBe("follow_up");
    expect(guessStage("Baru", stages)).toBe("new");
    expect(guessStage("Novo", stages)).toBe("new");
    expect(guessStage("Ganho", stages)).toBe("won");
    expect(guessStage("VIP", stages)).toBeNull();
    expect(guessStage("  ", stages)).toBeNull();
  });
});
