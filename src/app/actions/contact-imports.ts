"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { z } from "zod";
import { IMPORT_MAX_BYTES, type ImportMapping, type ImportTarget } from "@/lib/contact-import";
import { defineAction } from "@/server/actions/define-action";
import * as imports from "@/server/contacts/imports";
import { invalidField } from "@/server/errors";
import { translatorFor } from "@/server/i18n/translator";

/** CSV imports of contacts: upload, preview, start, progress. Any member may import (as they may add contacts). */

const id = z.uuid();

/** The report's reasons are read in the caller's language. */
const readerTranslator = async () => translatorFor(await getLocale());

const target = z.union([
  z.enum(["", "name", "phone", "email", "tags", "status", "owner"]),
  z.templateLiteral(["custom:", z.string().max(40)]),
]);
const mapping = z.array(target).max(500) as z.ZodType<ImportMapping>;
const plan = z.object({
  importId: id,
  mapping,
  onDuplicate: z.enum(["update", "skip"]),
  statusMap: z.record(z.string().max(500), z.string().max(40).nullable()).optional(),
  overwrite: (z.array(target).max(500) as z.ZodType<ImportTarget[]>).optional(),
});

export const uploadContactImport = defineAction(
  {
    name: "contactImports.uploadContactImport",
    input: z.object({
      file: z.instanceof(File),
    }),
    role: "member",
  },
  async ({ tx, actor, input: { file } }) => {
    // Refused before its bytes are copied (createImport says the same of the bytes it reads).
    if (file.size > IMPORT_MAX_BYTES) {
      throw invalidField("file", { key: "errors.imports.tooLarge", values: { megabytes: IMPORT_MAX_BYTES / 1024 / 1024 } });
    }
    return imports.createImport(tx, actor, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
  },
);

export const previewContactImport = defineAction(
  { name: "contactImports.previewContactImport", input: plan, role: "member" },
  async ({ tx, actor, input: { importId, ...choices } }) => imports.previewImport(tx, actor, importId, choices, await readerTranslator()),
);

export const startContactImport = defineAction(
  { name: "contactImports.startContactImport", input: plan, role: "member" },
  async ({ tx, actor, input: { importId, ...choices } }) => {
    await imports.startImport(tx, actor, importId, choices);
    return null;
  },
);

/** Polled by the progress bar; the report's first skipped rows come with it once the import is done. */
export const getContactImport = defineAction(
  { name: "contactImports.getContactImport", input: z.object({ importId: id }), role: "member" },
  async ({ tx, actor, input }) => {
    const current = await imports.getImport(tx, actor.workspaceId, input.importId);
    const t = await readerTranslator();
    const skipped =
      current.status === "done" || current.status === "failed"
        ? await imports.listSkippedRows(tx, actor.workspaceId, input.importId, 100, t)
        : [];
    if (current.status === "done") revalidatePath("/contacts", "layout");
    return { import: imports.readableImport(current, t), skipped };
  },
);
