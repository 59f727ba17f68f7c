import "server-only";
import { parse } from "csv-parse";
import { z } from "zod";
import {
  type DuplicateAction,
  guessStage,
  IMPORT_FIELDS,
  type ImportChoices,
  type ImportField,
  type ImportMapping,
  type ImportStatus,
  type ImportTarget,
  rowNumberOf,
  type StatusMap,
} from "@/lib/contact-import";
import type { CountryCode } from "@/lib/phone";
import type { Translate } from "@/lib/readable-issues";
import { readNotes, storeNotes } from "@/lib/stored-notes";
import { recordAudit } from "@/server/audit/record";
import { csvStream } from "@/server/csv";
import type { UserClaims } from "@/server/db/claims";
import { asService, asUser, type Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { AppError, fromDatabaseError, render } from "@/server/errors";
import { DEAD_LETTERS, defineJob } from "@/server/jobs/define";
import { enqueue } from "@/server/jobs/enqueue";
import { listMembers } from "@/server/workspaces/queries";
import { type ContactActor, createContact, updateContact } from "./commands";
import { type CsvDelimiter, csvOptions, marketDelimiter, readCsvUpload } from "./import-file";
import { type ExistingContact, type FieldChange, type ImportLookups, planRow, type ReadRow, type RowPlan, readRow } from "./import-rows";
import { listFields, listStages } from "./queries";

/** Rows per transaction: each chunk commits its contacts together with the import's progress. */
export const IMPORT_CHUNK_SIZE = 500;

/** The checked text columns and the mapping (jsonb) narrowed to what the app writes. */
type ImportRow = With<
  Row<"contact_imports">,
  { mapping: ImportMapping | null; on_duplicate: DuplicateAction; status: ImportStatus; status_map: StatusMap; overwrite: ImportTarget[] }
>;

export type ContactImport = Pick<
  ImportRow,
  | "id"
  | "file_name"
  | "headers"
  | "total_rows"
  | "mapping"
  | "on_duplicate"
  | "status"
  | "processed_rows"
  | "created_count"
  | "updated_count"
  | "skipped_count"
  | "warned_count"
  | "error"
  | "created_by"
  | "created_at"
  | "finished_at"
>;

const NOT_FOUND = "errors.imports.notFound";

const IMPORT_COLUMNS = (tx: Tx) => tx`
  id, file_name, headers, total_rows, mapping, on_duplicate, status, processed_rows, created_count, updated_count,
  skipped_count, warned_count, error, created_by, created_at, finished_at`;

/** Stores an uploaded file as a draft import (any member); the mapping comes next. */
export async function createImport(tx: Tx, actor: ContactActor, file: { name: string; bytes: Uint8Array }): Promise<{ id: string }> {
  const [workspace] = await tx<{ default_locale: string }[]>`select default_locale from public.workspaces where id = ${actor.workspaceId}`;
  const upload = readCsvUpload(file.bytes, marketDelimiter(workspace?.default_locale ?? "en"));
  const [row] = await tx<Pick<ImportRow, "id">[]>`
    insert into public.contact_imports
      (workspace_id, created_by, file_name, csv, delimiter, headers, preview_rows, total_rows)
    values (${actor.workspaceId}, ${actor.userId}, ${file.name.slice(0, 255) || "contacts.csv"}, ${upload.csv}, ${upload.delimiter},
            ${tx.array(upload.headers)}, ${tx.json(upload.previewRows)}, ${upload.totalRows})
    returning id`.catch((error: unknown) => {
    throw fromDatabaseError(error) ?? error;
  });
  if (!row) throw new AppError("forbidden", "errors.imports.cannotImport");
  return row;
}

export async function getImport(tx: Tx, workspaceId: string, importId: string): Promise<ContactImport> {
  const [row] = await tx<ContactImport[]>`
    select ${IMPORT_COLUMNS(tx)} from public.contact_imports where workspace_id = ${workspaceId} and id = ${importId}`;
  if (!row) throw new AppError("not_found", NOT_FOUND);
  return row;
}

/** The workspace's latest imports, newest first. */
export function listImports(tx: Tx, workspaceId: string, limit: number) {
  return tx<ContactImport[]>`
    select ${IMPORT_COLUMNS(tx)} from public.contact_imports
    where workspace_id = ${workspaceId} order by created_at desc, id desc limit ${limit}`;
}

/** An import as its reader sees it: why it failed, if it did, in their language. */
export const readableImport = <T extends Pick<ContactImport, "error">>(view: T, t: Translate): T => ({
  ...view,
  error: view.error === null ? null : readNotes(view.error, t),
});

/** A line of the report: a skipped row, or (`imported`) a row imported without a field it had a problem with. */
export type SkippedRow = Pick<Row<"contact_import_skips">, "row_number" | "reason" | "cells" | "imported">;

/** The report's first lines, each reason in the reader's language (`t`). */
export async function listSkippedRows(tx: Tx, workspaceId: string, importId: string, limit: number, t: Translate) {
  const rows = await tx<SkippedRow[]>`
    select row_number, reason, cells, imported from public.contact_import_skips
    where workspace_id = ${workspaceId} and import_id = ${importId} order by row_number limit ${limit}`;
  return rows.map((row) => ({ ...row, reason: readNotes(row.reason, t) }));
}

/**
 * The report's skipped rows as a CSV file (row, reason, then the row as it
 * was), to fix and import again. Its own columns and the reasons are in the
 * reader's language (`t`); the file's columns follow with their own names.
 */
export async function skippedRowsCsv(
  claims: UserClaims,
  workspace: { id: string; default_locale: string },
  importId: string,
  t: Translate,
): Promise<ReadableStream<Uint8Array>> {
  const workspaceId = workspace.id;
  const { headers } = await asUser(claims, (tx) => getImport(tx, workspaceId, importId));
  return csvStream(
    [
      t("contacts.export.skippedColumns.row"),
      t("contacts.export.skippedColumns.reason"),
      ...headers.map((name, i) => name || t("contacts.import.columns.unnamed", { number: i + 1 })),
    ],
    (write) =>
      asUser(claims, async (tx) => {
        const cursor = tx<SkippedRow[]>`
        select row_number, reason, cells from public.contact_import_skips
        where workspace_id = ${workspaceId} and import_id = ${importId} order by row_number`.cursor(1000);
        for await (const rows of cursor) {
          for (const row of rows) await write([row.row_number, readNotes(row.reason, t), ...row.cells]);
        }
      }),
    { delimiter: marketDelimiter(workspace.default_locale) },
  );
}

async function loadLookups(tx: Tx, workspaceId: string, country: CountryCode, statusMap: StatusMap = {}): Promise<ImportLookups> {
  const [stages, members, fields] = await Promise.all([
    listStages(tx, workspaceId),
    listMembers(tx, workspaceId),
    listFields(tx, workspaceId),
  ]);
  return { country, stages, members, fields, statusMap };
}

function checkChoices({ mapping, statusMap = {}, overwrite = [] }: ImportChoices, headers: string[], lookups: ImportLookups) {
  if (mapping.length !== headers.length) throw new AppError("invalid", "errors.imports.mapEveryColumn");
  const used = mapping.filter(Boolean);
  if (!used.includes("phone")) throw new AppError("invalid", "errors.imports.choosePhoneColumn");
  const twice = used.find((target, i) => used.indexOf(target) !== i);
  if (twice) throw new AppError("invalid", "errors.imports.fieldTwice");
  const unknown = used.find(
    (target) => !(IMPORT_FIELDS as readonly string[]).includes(target) && !lookups.fields.some((f) => `custom:${f.key}` === target),
  );
  if (unknown) throw new AppError("invalid", { key: "errors.imports.unknownField", values: { field: unknown.replace(/^custom:/, "") } });
  const stage = Object.values(statusMap).find((key) => key !== null && !lookups.stages.some((s) => s.key === key));
  if (stage) throw new AppError("invalid", { key: "errors.imports.unknownStage", values: { stage } });
  if (overwrite.some((target) => !target || !used.includes(target))) throw new AppError("invalid", "errors.imports.overwriteNeedsImport");
}

/** Contacts that already have one of these numbers (RLS: the workspace's only). */
async function existingByPhone(tx: Tx, workspaceId: string, phones: string[]): Promise<Map<string, ExistingContact>> {
  if (phones.length === 0) return new Map();
  const rows = await tx<(ExistingContact & { phone_e164: string })[]>`
    select id, phone_e164, tags, name, email, lead_status, owner_id, custom_attributes from public.contacts
    where workspace_id = ${workspaceId} and phone_e164 = any(${tx.array(phones)}::text[])`;
  return new Map(rows.map(({ phone_e164, ...contact }) => [phone_e164, contact]));
}

const phonesOf = (reads: ReadRow[]) => reads.flatMap((read) => (read.ok ? [read.phone] : []));

export interface PreviewRow {
  rowNumber: number;
  cells: string[];
  outcome: "create" | "update" | "skip";
  reason: string | null;
  /** Fields left out of an imported row, and why. */
  warnings: string[];
  /** For an update: the contact's name, and what changes ("name “Budi” → “Budi S.”", "email added") or is kept. */
  contactName: string | null;
  changes: string[];
}

/** A distinct value of the file's status column: how many rows have it and the stage it seems to mean. */
export interface StatusValue {
  value: string;
  rows: number;
  guess: string | null;
}

export interface ImportPreview {
  rows: PreviewRow[];
  /** Empty when no column is mapped to the status. */
  statusValues: StatusValue[];
}

/** The first rows of the file, as stored at upload. */
export async function previewRowsOf(tx: Tx, workspaceId: string, importId: string): Promise<string[][]> {
  const [row] = await tx<With<Pick<ImportRow, "preview_rows">, { preview_rows: string[][] }>[]>`
    select preview_rows from public.contact_imports where workspace_id = ${workspaceId} and id = ${importId}`;
  return row?.preview_rows ?? [];
}

/** More distinct status values than this are not worth a choice each: the rest are guessed (or left out, reported). */
const MAX_STATUS_VALUES = 50;

/** The distinct values of one column over the whole stored file, most frequent first. */
async function columnValues(tx: Tx, workspaceId: string, importId: string, column: number, stages: ImportLookups["stages"]) {
  const [file] = await tx<With<Pick<ImportRow, "csv" | "delimiter">, { delimiter: CsvDelimiter }>[]>`
    select csv, delimiter from public.contact_imports where workspace_id = ${workspaceId} and id = ${importId}`;
  const counts = new Map<string, number>();
  for await (const cells of parse(file?.csv ?? "", { ...csvOptions(file?.delimiter ?? ","), from: 2 }) as AsyncIterable<string[]>) {
    const value = cells[column]?.trim();
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_STATUS_VALUES)
    .map(([value, rows]): StatusValue => ({ value, rows, guess: guessStage(value, stages) }));
}

const clipped = (value: unknown) => String(value).slice(0, 60);

/** An update's field changes in words, in the reader's language (`t`), for the preview. */
function describeChanges(fieldChanges: FieldChange[], lookups: ImportLookups, t: Translate): string[] {
  const label = (target: ImportTarget) =>
    target.startsWith("custom:")
      ? (lookups.fields.find((f) => `custom:${f.key}` === target)?.label ?? target)
      : t(`contacts.import.fieldsInText.${target as Exclude<ImportField, "phone" | "tags">}`);
  const shown = (target: ImportTarget, value: unknown) =>
    target === "status"
      ? (lookups.stages.find((s) => s.key === value)?.label ?? value)
      : target === "owner"
        ? (lookups.members.find((m) => m.user_id === value)?.email ?? value)
        : value;
  return fieldChanges.map(({ target, from, to, kept }) => {
    if (target === "tags") return t("contacts.import.preview.change.tagsAdded", { tags: String(to) });
    const field = label(target);
    if (from === null) return t("contacts.import.preview.change.added", { field });
    const values = { field, from: clipped(shown(target, from)), to: clipped(shown(target, to)) };
    return t(kept ? "contacts.import.preview.change.kept" : "contacts.import.preview.change.changed", values);
  });
}

/**
 * The first rows as the import would treat them with these choices:
 * created, updated (and what changes) or skipped and why; plus the file's
 * status values with the stage each seems to mean, to choose from. The
 * reasons and changes are in the reader's language (`t`).
 */
export async function previewImport(
  tx: Tx,
  actor: ContactActor,
  importId: string,
  choices: ImportChoices,
  t: Translate,
): Promise<ImportPreview> {
  const { headers } = await getImport(tx, actor.workspaceId, importId);
  const rows = await previewRowsOf(tx, actor.workspaceId, importId);
  const lookups = await loadLookups(tx, actor.workspaceId, actor.country, choices.statusMap);
  checkChoices(choices, headers, lookups);
  const reads = rows.map((cells) => readRow(cells, choices.mapping, lookups));
  const existing = await existingByPhone(tx, actor.workspaceId, phonesOf(reads));
  const seen = new Map<string, number>();
  const statusColumn = choices.mapping.indexOf("status");
  return {
    rows: reads.map((read, i) => {
      const plan = planRow(read, rowNumberOf(i), seen, existing, choices);
      const contact = plan.kind === "update" && read.ok ? existing.get(read.phone) : undefined;
      return {
        rowNumber: rowNumberOf(i),
        cells: rows[i] ?? [],
        outcome: plan.kind,
        reason: plan.kind === "skip" ? render(plan.reason, t) : null,
        warnings: plan.kind === "skip" ? [] : plan.warnings.map((warning) => render(warning, t)),
        contactName: contact ? (contact.name ?? null) : null,
        changes: plan.kind === "update" ? describeChanges(plan.fieldChanges, lookups, t) : [],
      };
    }),
    statusValues: statusColumn < 0 ? [] : await columnValues(tx, actor.workspaceId, importId, statusColumn, lookups.stages),
  };
}

/** Saves the mapping and queues the import job, in one transaction (no draft is left queued without its job). */
export async function startImport(tx: Tx, actor: ContactActor, importId: string, choices: ImportChoices): Promise<void> {
  const current = await getImport(tx, actor.workspaceId, importId);
  if (current.status !== "draft") throw new AppError("conflict", "errors.imports.alreadyStarted");
  checkChoices(choices, current.headers, await loadLookups(tx, actor.workspaceId, actor.country));
  const { mapping, onDuplicate, statusMap = {}, overwrite = [] } = choices;
  const [row] = await tx`
    update public.contact_imports
    set mapping = ${tx.json(mapping)}, on_duplicate = ${onDuplicate}, status_map = ${tx.json(statusMap)},
        overwrite = ${tx.array(overwrite)}::text[], status = 'queued'
    where workspace_id = ${actor.workspaceId} and id = ${importId} and status = 'draft'
    returning id`;
  if (!row) throw new AppError("forbidden", "errors.imports.onlyUploader");
  await enqueue(contactImportJob, { importId }, { tx });
}

/** A queued import always has its mapping (startImport saves it). */
type ImportJob = With<
  Pick<ImportRow, "workspace_id" | "created_by" | "status" | "processed_rows" | "on_duplicate" | "file_name" | "status_map" | "overwrite">,
  { mapping: ImportMapping; delimiter: CsvDelimiter }
> & { default_country: CountryCode; email: string };

interface PendingRow {
  rowNumber: number;
  cells: string[];
  read: ReadRow;
}

/** Runs one chunk as the importer: its contacts, its skipped rows and the progress commit together. */
async function importChunk(
  claims: UserClaims,
  job: ImportJob,
  importId: string,
  start: number,
  rows: PendingRow[],
  seen: Map<string, number>,
) {
  const actor: ContactActor = { workspaceId: job.workspace_id, userId: job.created_by, country: job.default_country };
  return asUser(claims, async (tx) => {
    const [current] = await tx<Pick<ImportRow, "processed_rows" | "status">[]>`
      select processed_rows, status from public.contact_imports
      where workspace_id = ${job.workspace_id} and id = ${importId} for update`;
    // Another run got here first (a retried job next to a slow one): leave the import to it.
    if (!current || current.processed_rows !== start || !["queued", "running"].includes(current.status)) return false;
    const existing = await existingByPhone(tx, job.workspace_id, phonesOf(rows.map((r) => r.read)));
    const counts = { created: 0, updated: 0, warned: 0 };
    const skips: SkippedRow[] = [];
    const choices = { onDuplicate: job.on_duplicate, overwrite: job.overwrite };
    for (const row of rows) {
      const plan: RowPlan = planRow(row.read, row.rowNumber, seen, existing, choices);
      try {
        if (plan.kind === "create") {
          await createContact(tx, actor, { ...plan.changes, phone: plan.phone }, "import");
          counts.created++;
        } else if (plan.kind === "update") {
          await updateContact(tx, actor, plan.contactId, plan.changes);
          counts.updated++;
        } else {
          skips.push({ row_number: row.rowNumber, reason: storeNotes([plan.reason]), cells: row.cells, imported: false });
          continue;
        }
        if (plan.warnings.length) {
          skips.push({ row_number: row.rowNumber, reason: storeNotes(plan.warnings), cells: row.cells, imported: true });
          counts.warned++;
        }
      } catch (error) {
        // The same refusals as the contact form (a number taken meanwhile, a stage removed): the row is skipped with them.
        const known = error instanceof AppError ? error : fromDatabaseError(error);
        if (!known) throw error;
        skips.push({ row_number: row.rowNumber, reason: storeNotes([known.text]), cells: row.cells, imported: false });
      }
    }
    const skipped = skips.filter((s) => !s.imported).length;
    if (skips.length) {
      await tx`
        insert into public.contact_import_skips ${tx(skips.map((s) => ({ ...s, workspace_id: job.workspace_id, import_id: importId })))}`;
    }
    await tx`
      update public.contact_imports
      set status = 'running', processed_rows = ${start + rows.length}, created_count = created_count + ${counts.created},
          updated_count = updated_count + ${counts.updated}, skipped_count = skipped_count + ${skipped},
          warned_count = warned_count + ${counts.warned}
      where workspace_id = ${job.workspace_id} and id = ${importId}`;
    return true;
  });
}

async function finishImport(claims: UserClaims, job: ImportJob, importId: string) {
  await asUser(claims, async (tx) => {
    const [done] = await tx<Pick<ImportRow, "created_count" | "updated_count" | "skipped_count" | "total_rows">[]>`
      update public.contact_imports set status = 'done', finished_at = now()
      where workspace_id = ${job.workspace_id} and id = ${importId} and status in ('queued', 'running')
      returning created_count, updated_count, skipped_count, total_rows`;
    if (!done) return;
    await recordAudit(tx, {
      workspaceId: job.workspace_id,
      action: "contact.imported",
      target: { type: "contact_import", id: importId, label: job.file_name },
      details: { rows: done.total_rows, created: done.created_count, updated: done.updated_count, skipped: done.skipped_count },
    });
  });
}

/** Marks an import failed for good (the job ran out of retries), keeping what its committed chunks did. */
export async function failImport(importId: string) {
  await asService(
    (tx) => tx`
      update public.contact_imports set status = 'failed', error = ${storeNotes(["errors.imports.stopped"])}, finished_at = now()
      where id = ${importId} and status in ('queued', 'running')`,
  );
}

/**
 * The import job: reads the stored file once, from the top (rows already
 * committed still count for "same phone number as row N"), and imports the
 * rest chunk by chunk as the person who started it. A crash loses at most
 * the chunk in flight; the retried job resumes after the last committed one.
 * Stops after the chunk that passes `until` and answers "more" so the
 * worker can queue the rest, which keeps one huge file from holding a job past its expiry.
 */
export async function runContactImport(importId: string, options: { until?: Date } = {}): Promise<"done" | "more" | "skipped"> {
  const [job] = await asService(
    (tx) => tx<(ImportJob & Pick<ImportRow, "csv">)[]>`
      select i.workspace_id, i.created_by, u.email, w.default_country, i.status, i.processed_rows, i.mapping, i.on_duplicate,
             i.status_map, i.overwrite, i.delimiter, i.file_name, i.csv
      from public.contact_imports i
      join public.workspaces w on w.id = i.workspace_id
      join auth.users u on u.id = i.created_by
      where i.id = ${importId}`,
  );
  if (!job || !["queued", "running"].includes(job.status)) return "skipped";
  const now = Math.floor(Date.now() / 1000);
  const claims: UserClaims = { sub: job.created_by, email: job.email, role: "authenticated", aud: "authenticated", exp: now + 3600 };
  const lookups = await asUser(claims, (tx) => loadLookups(tx, job.workspace_id, job.default_country, job.status_map));

  const seen = new Map<string, number>();
  let start = job.processed_rows;
  let index = 0;
  let chunk: PendingRow[] = [];
  const flush = async () => {
    const ok = await importChunk(claims, job, importId, start, chunk, seen);
    start += chunk.length;
    chunk = [];
    return ok;
  };
  for await (const cells of parse(job.csv, { ...csvOptions(job.delimiter), from: 2 }) as AsyncIterable<string[]>) {
    const read = readRow(cells, job.mapping, lookups);
    const rowNumber = rowNumberOf(index++);
    if (index <= job.processed_rows) {
      // Committed before: only its number matters, for the rows after it.
      planRow(read, rowNumber, seen, new Map(), { onDuplicate: "skip" });
      continue;
    }
    chunk.push({ rowNumber, cells, read });
    if (chunk.length < IMPORT_CHUNK_SIZE) continue;
    if (!(await flush())) return "skipped";
    if (options.until && Date.now() >= options.until.getTime()) return "more";
  }
  if (chunk.length && !(await flush())) return "skipped";
  await finishImport(claims, job, importId);
  return "done";
}

/**
 * One job per CSV import (defined here, beside the code that queues and runs
 * it). A long import yields every few minutes and queues its rest, so no
 * single job outlives its expiry; a retry resumes after the last committed chunk.
 */
export const contactImportJob = defineJob({
  name: "contacts.import",
  payload: z.object({ importId: z.uuid() }),
  // "stately": one waiting and one running job per import.
  options: { policy: "stately", retryLimit: 5, retryDelay: 5, retryBackoff: true, deadLetter: DEAD_LETTERS },
  singletonKey: ({ importId }) => importId,
  work: { pollingIntervalSeconds: 1 },
  run: async (payload, { finalAttempt }) => {
    try {
      const result = await runContactImport(payload.importId, { until: new Date(Date.now() + 5 * 60_000) });
      if (result === "more") await enqueue(contactImportJob, payload);
    } catch (error) {
      if (finalAttempt) await failImport(payload.importId);
      throw error;
    }
  },
});
