import "server-only";
import { z } from "zod";
import { type ContactField, type ContactFieldType, coerceFieldValue, FieldValueError } from "@/lib/contact-fields";
import { guessStage, type ImportChoices, type ImportMapping, type ImportTarget, type StatusMap } from "@/lib/contact-import";
import type { LeadStage } from "@/lib/lead-status";
import type { CountryCode } from "@/lib/phone";
import type { Row } from "@/server/db/rows";
import { AppError, type ErrorKey, type ErrorText } from "@/server/errors";
import { type ContactChanges, canonicalPhone, normalizeTags } from "./commands";

/** What a row is checked against: the workspace's country, pipeline, members and custom fields, and the importer's status choices. */
export interface ImportLookups {
  country: CountryCode;
  stages: Pick<LeadStage, "key" | "label">[];
  members: { user_id: string; email: string }[];
  fields: ContactField[];
  statusMap: StatusMap;
}

/**
 * A row that can be imported comes with `warnings`: the fields it had a
 * problem with (an invalid email) are left out and said why, the rest of
 * the row is imported. Only a row without a usable phone number is skipped.
 * Reasons and warnings are catalogue keys, said in each reader's language.
 */
export type ReadRow = { ok: true; phone: string; changes: ContactChanges; warnings: ErrorText[] } | { ok: false; reason: ErrorText };

// The same limits as the contact form's.
const MAX_NAME = 200;
const MAX_TAG = 50;
const MAX_CUSTOM_TEXT = 500;
const email = z.email().max(254);

/** A custom field's value of the wrong type: the row is imported without that field. */
const WRONG_TYPE: Record<ContactFieldType, ErrorKey> = {
  number: "errors.imports.without.number",
  boolean: "errors.imports.without.boolean",
  date: "errors.imports.without.date",
  url: "errors.imports.without.url",
  text: "errors.imports.without.text",
};

/** A status cell → a stage key, by the importer's choice for that value or else the guess; undefined to leave it out. */
function stageOf(value: string, lookups: ImportLookups): { key?: string; warning?: ErrorText } {
  if (value in lookups.statusMap) return { key: lookups.statusMap[value] ?? undefined };
  const key = guessStage(value, lookups.stages);
  return key ? { key } : { warning: { key: "errors.imports.without.status", values: { value: value.slice(0, 40) } } };
}

/** One file row → the contact changes it asks for, or why it cannot be imported. Empty cells change nothing. */
export function readRow(cells: string[], mapping: ImportMapping, lookups: ImportLookups): ReadRow {
  if (cells.every((cell) => cell.trim() === "")) return { ok: false, reason: "errors.imports.rows.empty" };
  const changes: ContactChanges = {};
  const custom: Record<string, unknown> = {};
  const warnings: ErrorText[] = [];
  let phone: string | null = null;
  for (const [i, target] of mapping.entries()) {
    const value = cells[i]?.trim() ?? "";
    if (!target || !value) continue;
    if (target === "phone") {
      try {
        phone = canonicalPhone(value, lookups.country);
      } catch (error) {
        if (error instanceof AppError) return { ok: false, reason: error.text };
        throw error;
      }
    } else if (target === "name") {
      if (value.length > MAX_NAME) warnings.push({ key: "errors.imports.without.nameTooLong", values: { max: MAX_NAME } });
      else changes.name = value;
    } else if (target === "email") {
      if (!email.safeParse(value.toLowerCase()).success)
        warnings.push({ key: "errors.imports.without.email", values: { value: value.slice(0, 60) } });
      else changes.email = value;
    } else if (target === "tags") {
      const tags = normalizeTags(value.split(/[,;|]/));
      const long = tags.find((tag) => tag.length > MAX_TAG);
      if (long) warnings.push({ key: "errors.imports.without.tagTooLong", values: { tag: long.slice(0, 20), max: MAX_TAG } });
      else changes.tags = tags;
    } else if (target === "status") {
      const stage = stageOf(value, lookups);
      if (stage.warning) warnings.push(stage.warning);
      if (stage.key) changes.leadStatus = stage.key;
    } else if (target === "owner") {
      const member = lookups.members.find((m) => m.email.toLowerCase() === value.toLowerCase());
      if (!member) warnings.push({ key: "errors.imports.without.owner", values: { value: value.slice(0, 60) } });
      else changes.ownerId = member.user_id;
    } else {
      const field = lookups.fields.find((f) => `custom:${f.key}` === target);
      if (!field) continue;
      if (field.type === "text" && value.length > MAX_CUSTOM_TEXT) {
        warnings.push({ key: "errors.imports.without.fieldTooLong", values: { field: field.label, max: MAX_CUSTOM_TEXT } });
        continue;
      }
      try {
        custom[field.key] = coerceFieldValue(field, value);
      } catch (error) {
        if (!(error instanceof FieldValueError)) throw error;
        warnings.push({ key: WRONG_TYPE[error.expected], values: { field: error.label } });
      }
    }
  }
  if (!phone) return { ok: false, reason: "errors.imports.rows.noPhone" };
  if (Object.keys(custom).length) changes.customAttributes = custom;
  return { ok: true, phone, changes, warnings };
}

export type ExistingContact = Pick<Row<"contacts">, "id" | "tags" | "name" | "email" | "lead_status" | "owner_id"> & {
  custom_attributes: Record<string, unknown>;
};

/** A field an update would change, or leave as it is because the importer did not choose to overwrite it. */
export interface FieldChange {
  target: ImportTarget;
  from: unknown;
  to: unknown;
  kept: boolean;
}

export type RowPlan =
  | { kind: "skip"; reason: ErrorText }
  | { kind: "create"; phone: string; changes: ContactChanges; warnings: ErrorText[] }
  | { kind: "update"; contactId: string; changes: ContactChanges; warnings: ErrorText[]; fieldChanges: FieldChange[] };

const isEmpty = (value: unknown) => value === null || value === undefined || value === "";

const COLUMNS = [
  ["name", "name", "name"],
  ["email", "email", "email"],
  ["leadStatus", "lead_status", "status"],
  ["ownerId", "owner_id", "owner"],
] as const;

/**
 * An update keeps what the contact already has unless the importer chose to
 * overwrite that field: a file value only fills an empty one. Tags are added
 * to the contact's own, never replace them.
 */
function mergeUpdate(changes: ContactChanges, contact: ExistingContact, overwrite: ReadonlySet<ImportTarget>) {
  const merged: ContactChanges = {};
  const fieldChanges: FieldChange[] = [];
  const consider = (target: ImportTarget, from: unknown, to: unknown, apply: () => void) => {
    if (to === undefined || from === to) return;
    const kept = !isEmpty(from) && !overwrite.has(target);
    fieldChanges.push({ target, from: isEmpty(from) ? null : from, to, kept });
    if (!kept) apply();
  };
  for (const [key, column, target] of COLUMNS) {
    consider(target, contact[column], changes[key], () => Object.assign(merged, { [key]: changes[key] }));
  }
  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes.customAttributes ?? {})) {
    consider(`custom:${key}`, contact.custom_attributes[key], value, () => {
      custom[key] = value;
    });
  }
  if (Object.keys(custom).length) merged.customAttributes = custom;
  const added = (changes.tags ?? []).filter((tag) => !contact.tags.includes(tag));
  if (added.length) {
    merged.tags = [...contact.tags, ...added];
    fieldChanges.push({ target: "tags", from: null, to: added.join(", "), kept: false });
  }
  return { changes: merged, fieldChanges };
}

/**
 * What happens to a row, given the rows before it (`seen`: phone → first
 * row number, filled as rows go by) and the contacts that already have
 * its number. Shared by the preview and the import job, so they agree.
 */
export function planRow(
  read: ReadRow,
  rowNumber: number,
  seen: Map<string, number>,
  existing: Map<string, ExistingContact>,
  choices: Pick<ImportChoices, "onDuplicate" | "overwrite">,
): RowPlan {
  if (!read.ok) return { kind: "skip", reason: read.reason };
  const first = seen.get(read.phone);
  // A row number as the spreadsheet shows it, without a thousands separator.
  if (first !== undefined) return { kind: "skip", reason: { key: "errors.imports.rows.samePhone", values: { row: String(first) } } };
  seen.set(read.phone, rowNumber);
  const contact = existing.get(read.phone);
  if (!contact) return { kind: "create", phone: read.phone, changes: read.changes, warnings: read.warnings };
  if (choices.onDuplicate === "skip") return { kind: "skip", reason: "errors.imports.rows.alreadyContact" };
  const merged = mergeUpdate(read.changes, contact, new Set(choices.overwrite ?? []));
  return { kind: "update", contactId: contact.id, warnings: read.warnings, ...merged };
}
