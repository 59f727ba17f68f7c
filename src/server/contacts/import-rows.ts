import "server-only";
import { z } from "zod";
import { type ContactField, coerceFieldValue, FieldValueError } from "@/lib/contact-fields";
import { guessStage, type ImportChoices, type ImportMapping, type ImportTarget, type StatusMap } from "@/lib/contact-import";
import type { LeadStage } from "@/lib/lead-status";
import type { CountryCode } from "@/lib/phone";
import type { Row } from "@/server/db/rows";
import { AppError, render } from "@/server/errors";
import { type ContactChanges, canonicalPhone, fieldValueText, normalizeTags } from "./commands";

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
 */
export type ReadRow = { ok: true; phone: string; changes: ContactChanges; warnings: string[] } | { ok: false; reason: string };

// The same limits as the contact form's.
const MAX_NAME = 200;
const MAX_TAG = 50;
const MAX_CUSTOM_TEXT = 500;
const email = z.email().max(254);

const tooLong = (what: string, max: number) => `${what} is longer than ${max} characters`;
const without = (field: string, reason: string) => `Imported without the ${field}: ${reason}.`;

/** A status cell → a stage key, by the importer's choice for that value or else the guess; undefined to leave it out. */
function stageOf(value: string, lookups: ImportLookups): { key?: string; warning?: string } {
  if (value in lookups.statusMap) return { key: lookups.statusMap[value] ?? undefined };
  const key = guessStage(value, lookups.stages);
  return key ? { key } : { warning: without("status", `“${value.slice(0, 40)}” is not a stage of this pipeline`) };
}

/** One file row → the contact changes it asks for, or why it cannot be imported. Empty cells change nothing. */
export function readRow(cells: string[], mapping: ImportMapping, lookups: ImportLookups): ReadRow {
  if (cells.every((cell) => cell.trim() === "")) return { ok: false, reason: "Empty row." };
  const changes: ContactChanges = {};
  const custom: Record<string, unknown> = {};
  const warnings: string[] = [];
  let phone: string | null = null;
  for (const [i, target] of mapping.entries()) {
    const value = cells[i]?.trim() ?? "";
    if (!target || !value) continue;
    if (target === "phone") {
      try {
        phone = canonicalPhone(value, lookups.country);
      } catch (error) {
        if (error instanceof AppError) return { ok: false, reason: error.message };
        throw error;
      }
    } else if (target === "name") {
      if (value.length > MAX_NAME) warnings.push(without("name", tooLong("it", MAX_NAME)));
      else changes.name = value;
    } else if (target === "email") {
      if (!email.safeParse(value.toLowerCase()).success)
        warnings.push(without("email", `“${value.slice(0, 60)}” is not a valid email address`));
      else changes.email = value;
    } else if (target === "tags") {
      const tags = normalizeTags(value.split(/[,;|]/));
      const long = tags.find((tag) => tag.length > MAX_TAG);
      if (long) warnings.push(without("tags", tooLong(`the tag “${long.slice(0, 20)}…”`, MAX_TAG)));
      else changes.tags = tags;
    } else if (target === "status") {
      const stage = stageOf(value, lookups);
      if (stage.warning) warnings.push(stage.warning);
      if (stage.key) changes.leadStatus = stage.key;
    } else if (target === "owner") {
      const member = lookups.members.find((m) => m.email.toLowerCase() === value.toLowerCase());
      if (!member) warnings.push(without("owner", `“${value.slice(0, 60)}” is not a member of this workspace`));
      else changes.ownerId = member.user_id;
    } else {
      const field = lookups.fields.find((f) => `custom:${f.key}` === target);
      if (!field) continue;
      if (field.type === "text" && value.length > MAX_CUSTOM_TEXT) {
        warnings.push(without(field.label, tooLong("it", MAX_CUSTOM_TEXT)));
        continue;
      }
      try {
        custom[field.key] = coerceFieldValue(field, value);
      } catch (error) {
        if (!(error instanceof FieldValueError)) throw error;
        warnings.push(without(field.label, render(fieldValueText(error)).replace(/\.$/, "")));
      }
    }
  }
  if (!phone) return { ok: false, reason: "No phone number." };
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
  | { kind: "skip"; reason: string }
  | { kind: "create"; phone: string; changes: ContactChanges; warnings: string[] }
  | { kind: "update"; contactId: string; changes: ContactChanges; warnings: string[]; fieldChanges: FieldChange[] };

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
  if (first !== undefined) return { kind: "skip", reason: `Same phone number as row ${first}.` };
  seen.set(read.phone, rowNumber);
  const contact = existing.get(read.phone);
  if (!contact) return { kind: "create", phone: read.phone, changes: read.changes, warnings: read.warnings };
  if (choices.onDuplicate === "skip") return { kind: "skip", reason: "Already a contact (duplicates are skipped)." };
  const merged = mergeUpdate(read.changes, contact, new Set(choices.overwrite ?? []));
  return { kind: "update", contactId: contact.id, warnings: read.warnings, ...merged };
}
