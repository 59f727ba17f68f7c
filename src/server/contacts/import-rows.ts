import "server-only";
import { z } from "zod";
import { type ContactField, coerceFieldValue } from "@/lib/contact-fields";
import type { DuplicateAction, ImportMapping } from "@/lib/contact-import";
import type { LeadStage } from "@/lib/lead-status";
import type { CountryCode } from "@/lib/phone";
import type { Row } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { type ContactChanges, canonicalPhone, normalizeTags } from "./commands";

/** What a row is checked against: the workspace's country, pipeline, members and custom fields. */
export interface ImportLookups {
  country: CountryCode;
  stages: Pick<LeadStage, "key" | "label">[];
  members: { user_id: string; email: string }[];
  fields: ContactField[];
}

export type ReadRow = { ok: true; phone: string; changes: ContactChanges } | { ok: false; reason: string };

// The same limits as the contact form's.
const MAX_NAME = 200;
const MAX_TAG = 50;
const MAX_CUSTOM_TEXT = 500;
const email = z.email().max(254);

const tooLong = (what: string, max: number) => `${what} is longer than ${max} characters.`;

/** One file row → the contact changes it asks for, or why it cannot be imported. Empty cells change nothing. */
export function readRow(cells: string[], mapping: ImportMapping, lookups: ImportLookups): ReadRow {
  if (cells.every((cell) => cell.trim() === "")) return { ok: false, reason: "Empty row." };
  const changes: ContactChanges = {};
  const custom: Record<string, unknown> = {};
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
      if (value.length > MAX_NAME) return { ok: false, reason: tooLong("The name", MAX_NAME) };
      changes.name = value;
    } else if (target === "email") {
      if (!email.safeParse(value.toLowerCase()).success)
        return { ok: false, reason: `“${value.slice(0, 60)}” is not a valid email address.` };
      changes.email = value;
    } else if (target === "tags") {
      const tags = normalizeTags(value.split(/[,;|]/));
      const long = tags.find((tag) => tag.length > MAX_TAG);
      if (long) return { ok: false, reason: tooLong(`The tag “${long.slice(0, 20)}…”`, MAX_TAG) };
      changes.tags = tags;
    } else if (target === "status") {
      const wanted = value.toLowerCase();
      const stage = lookups.stages.find((s) => s.key === wanted || s.label.toLowerCase() === wanted);
      if (!stage) return { ok: false, reason: `Unknown lead status “${value.slice(0, 40)}”: it is not a stage of this pipeline.` };
      changes.leadStatus = stage.key;
    } else if (target === "owner") {
      const member = lookups.members.find((m) => m.email.toLowerCase() === value.toLowerCase());
      if (!member) return { ok: false, reason: `Owner “${value.slice(0, 60)}” is not a member of this workspace.` };
      changes.ownerId = member.user_id;
    } else {
      const field = lookups.fields.find((f) => `custom:${f.key}` === target);
      if (!field) continue;
      if (field.type === "text" && value.length > MAX_CUSTOM_TEXT) return { ok: false, reason: tooLong(field.label, MAX_CUSTOM_TEXT) };
      try {
        custom[field.key] = coerceFieldValue(field, value);
      } catch (error) {
        return { ok: false, reason: (error as Error).message };
      }
    }
  }
  if (!phone) return { ok: false, reason: "No phone number." };
  if (Object.keys(custom).length) changes.customAttributes = custom;
  return { ok: true, phone, changes };
}

export type ExistingContact = Pick<Row<"contacts">, "id" | "tags">;

export type RowPlan =
  | { kind: "skip"; reason: string }
  | { kind: "create"; phone: string; changes: ContactChanges }
  | { kind: "update"; contactId: string; changes: ContactChanges };

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
  onDuplicate: DuplicateAction,
): RowPlan {
  if (!read.ok) return { kind: "skip", reason: read.reason };
  const first = seen.get(read.phone);
  if (first !== undefined) return { kind: "skip", reason: `Same phone number as row ${first}.` };
  seen.set(read.phone, rowNumber);
  const contact = existing.get(read.phone);
  if (!contact) return { kind: "create", phone: read.phone, changes: read.changes };
  if (onDuplicate === "skip") return { kind: "skip", reason: "Already a contact (duplicates are skipped)." };
  // Tags are added to the contact's own, never replace them.
  const changes = read.changes.tags ? { ...read.changes, tags: [...contact.tags, ...read.changes.tags] } : read.changes;
  return { kind: "update", contactId: contact.id, changes };
}
