"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { IMPORT_MAX_BYTES, type ImportMapping } from "@/lib/contact-import";
import type { CountryCode } from "@/lib/phone";
import { workspaceAction } from "@/server/actions/define-action";
import * as imports from "@/server/contacts/imports";
import { asUser } from "@/server/db/client";
import type { WorkspaceContext } from "@/server/workspaces/context";

/** CSV imports of contacts: upload, preview, start, progress. Any member may import (as they may add contacts). */

const id = z.uuid();
const actorOf = ({ claims, workspace }: WorkspaceContext) => ({
  workspaceId: workspace.id,
  userId: claims.sub,
  country: workspace.default_country as CountryCode,
});

const mapping = z
  .array(z.union([z.enum(["", "name", "phone", "email", "tags", "status", "owner"]), z.templateLiteral(["custom:", z.string().max(40)])]))
  .max(500) as z.ZodType<ImportMapping>;
const plan = z.object({ importId: id, mapping, onDuplicate: z.enum(["update", "skip"]) });

export const uploadContactImport = workspaceAction(
  z.object({
    file: z
      .instanceof(File)
      .refine(
        (file) => file.size <= IMPORT_MAX_BYTES,
        `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files.`,
      ),
  }),
  async (context, { file }) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return asUser(context.claims, (tx) => imports.createImport(tx, actorOf(context), { name: file.name, bytes }));
  },
);

export const previewContactImport = workspaceAction(plan, (context, input) =>
  asUser(context.claims, (tx) => imports.previewImport(tx, actorOf(context), input.importId, input.mapping, input.onDuplicate)),
);

export const startContactImport = workspaceAction(plan, async (context, input) => {
  await asUser(context.claims, (tx) => imports.startImport(tx, actorOf(context), input.importId, input.mapping, input.onDuplicate));
  return null;
});

/** Polled by the progress bar; the report's first skipped rows come with it once the import is done. */
export const getContactImport = workspaceAction(z.object({ importId: id }), async (context, input) => {
  const result = await asUser(context.claims, async (tx) => {
    const current = await imports.getImport(tx, context.workspace.id, input.importId);
    const skipped =
      current.status === "done" || current.status === "failed"
        ? await imports.listSkippedRows(tx, context.workspace.id, input.importId, 100)
        : [];
    return { import: current, skipped };
  });
  if (result.import.status === "done") revalidatePath("/contacts", "layout");
  return result;
});
