import "server-only";
import { type ContactField, type CustomAttributeValue, coerceFieldValue, FieldValueError } from "@/lib/contact-fields";
import { formatPhone } from "@/lib/format";
import { type CountryCode, canonicalizePhone } from "@/lib/phone";
import { recordAudit } from "@/server/audit/record";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError, type ErrorKey, type ErrorText, fromDatabaseError } from "@/server/errors";
import { listFields } from "./queries";

/** Which workspace a change is made in, with its default country for phone numbers: resolved on the server. */
export interface ContactScope {
  workspaceId: string;
  country: CountryCode;
}

/** A member acting in a workspace. */
export interface ContactActor extends ContactScope {
  userId: string;
}

export interface ContactChanges {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  leadStatus?: string;
  leadScore?: number;
  tags?: string[];
  ownerId?: string | null;
  notes?: string | null;
  /** Values by field key; null clears a field. Keys not given stay as they are. */
  customAttributes?: Record<string, unknown>;
}

const NOT_FOUND = "errors.contacts.notFound";

export function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
}

async function assertStage(tx: Tx, workspaceId: string, key: string) {
  const [stage] = await tx`select 1 from public.lead_stages where workspace_id = ${workspaceId} and key = ${key}`;
  if (!stage) throw new AppError("invalid", "errors.contacts.unknownLeadStatus", { field: "lead_status" });
}

async function assertMember(tx: Tx, workspaceId: string, userId: string) {
  const [member] = await tx`select 1 from public.workspace_members where workspace_id = ${workspaceId} and user_id = ${userId}`;
  if (!member) throw new AppError("invalid", "errors.contacts.ownerNotMember", { field: "owner_id" });
}

/** The same canonical E.164 as webhook ingestion, so a contact typed in and a later WhatsApp message are one person. */
export function canonicalPhone(phone: string, country: CountryCode): string {
  const e164 = canonicalizePhone(phone, country);
  if (!e164) throw new AppError("invalid", { key: "errors.contacts.invalidPhone", values: { phone, country } }, { field: "phone" });
  return e164;
}

async function existingWithPhone(tx: Tx, workspaceId: string, e164: string, exceptId: string | null) {
  const [row] = await tx<{ id: string; name: string | null }[]>`
    select id, coalesce(name, profile_name, username) as name from public.contacts
    where workspace_id = ${workspaceId} and phone_e164 = ${e164} and id is distinct from ${exceptId}::uuid`;
  return row;
}

function duplicatePhone(e164: string, existing: { id: string; name: string | null }): AppError {
  const phone = formatPhone(e164);
  const text: ErrorText = existing.name
    ? { key: "errors.contacts.phoneTaken", values: { phone, name: existing.name } }
    : { key: "errors.contacts.phoneTakenUnnamed", values: { phone } };
  return new AppError("conflict", text, { contactId: existing.id });
}

const FIELD_VALUE_KEYS: Record<FieldValueError["expected"], ErrorKey> = {
  number: "errors.contacts.fieldMustBeNumber",
  boolean: "errors.contacts.fieldMustBeBoolean",
  date: "errors.contacts.fieldMustBeDate",
  url: "errors.contacts.fieldMustBeUrl",
  text: "errors.contacts.fieldMustBeText",
};

/** Why a value does not suit its custom field, as a sentence naming the field. */
export const fieldValueText = (error: FieldValueError): ErrorText => ({
  key: FIELD_VALUE_KEYS[error.expected],
  values: { field: error.label },
});

/** Checks and converts custom field values against the workspace's field definitions. */
function customAttributeValues(fields: ContactField[], values: Record<string, unknown>): Record<string, CustomAttributeValue | null> {
  const result: Record<string, CustomAttributeValue | null> = {};
  for (const [key, value] of Object.entries(values)) {
    const field = fields.find((f) => f.key === key);
    if (!field)
      throw new AppError("invalid", { key: "errors.contacts.unknownCustomField", values: { key } }, { field: `custom_attributes.${key}` });
    try {
      result[key] = coerceFieldValue(field, value);
    } catch (error) {
      if (!(error instanceof FieldValueError)) throw error;
      throw new AppError("invalid", fieldValueText(error), { field: `custom_attributes.${key}` });
    }
  }
  return result;
}

async function columnsFor(tx: Tx, actor: ContactScope, changes: ContactChanges, contactId: string | null) {
  const columns: Record<string, unknown> = {};
  if (changes.name !== undefined) columns.name = changes.name?.trim() || null;
  if (changes.email !== undefined) columns.email = changes.email?.trim().toLowerCase() || null;
  if (changes.notes !== undefined) columns.notes = changes.notes?.trim() || null;
  if (changes.leadScore !== undefined) columns.lead_score = changes.leadScore;
  if (changes.tags !== undefined) columns.tags = normalizeTags(changes.tags);
  if (changes.leadStatus !== undefined) {
    await assertStage(tx, actor.workspaceId, changes.leadStatus);
    columns.lead_status = changes.leadStatus;
  }
  if (changes.ownerId !== undefined) {
    if (changes.ownerId) await assertMember(tx, actor.workspaceId, changes.ownerId);
    columns.owner_id = changes.ownerId;
  }
  if (changes.phone !== undefined) {
    const e164 = changes.phone?.trim() ? canonicalPhone(changes.phone, actor.country) : null;
    if (e164) {
      const existing = await existingWithPhone(tx, actor.workspaceId, e164, contactId);
      if (existing) throw duplicatePhone(e164, existing);
    }
    columns.phone_e164 = e164;
  }
  return columns;
}

/** Runs a write that may hit the (workspace, phone) unique key in a race; then says which contact has the number. */
async function withPhoneConflict<T>(tx: Tx, actor: ContactScope, phone: unknown, write: (sp: Tx) => Promise<T>): Promise<T> {
  try {
    return (await tx.savepoint((sp) => write(sp))) as T;
  } catch (error) {
    const pg = error as { code?: string; constraint_name?: string };
    if (pg.code === "23505" && typeof phone === "string" && pg.constraint_name?.includes("phone")) {
      const existing = await existingWithPhone(tx, actor.workspaceId, phone, null);
      if (existing) throw duplicatePhone(phone, existing);
    }
    throw error;
  }
}

/** A contact typed in by a member, imported from a file or sent through the API: a valid phone number is required and must not be taken. */
export async function createContact(
  tx: Tx,
  actor: ContactScope,
  input: ContactChanges & { phone: string },
  source: "manual" | "import" | "api" = "manual",
): Promise<{ id: string }> {
  const columns = await columnsFor(tx, actor, input, null);
  if (input.customAttributes) {
    const values = customAttributeValues(await listFields(tx, actor.workspaceId), input.customAttributes);
    columns.custom_attributes = tx.json(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)));
  }
  const [row] = await withPhoneConflict(
    tx,
    actor,
    columns.phone_e164,
    (sp) => sp<Pick<Row<"contacts">, "id">[]>`
      insert into public.contacts ${sp({ ...columns, workspace_id: actor.workspaceId, source, last_activity_at: new Date() })}
      returning id`,
  );
  if (!row) throw new AppError("forbidden", "errors.contacts.cannotAdd");
  return row;
}

export async function updateContact(tx: Tx, actor: ContactScope, contactId: string, changes: ContactChanges): Promise<void> {
  // Not found first: an id outside the workspace says nothing about its stages or members.
  const [exists] = await tx`select 1 from public.contacts where workspace_id = ${actor.workspaceId} and id = ${contactId} for update`;
  if (!exists) throw new AppError("not_found", NOT_FOUND);
  const columns = await columnsFor(tx, actor, changes, contactId);
  const attributes = changes.customAttributes
    ? customAttributeValues(await listFields(tx, actor.workspaceId), changes.customAttributes)
    : null;
  await withPhoneConflict(tx, actor, columns.phone_e164, async (sp) => {
    if (Object.keys(columns).length) {
      await sp`update public.contacts set ${sp(columns)} where workspace_id = ${actor.workspaceId} and id = ${contactId}`;
    }
    if (attributes) {
      const cleared = Object.keys(attributes).filter((k) => attributes[k] === null);
      const set = Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== null));
      await sp`
        update public.contacts set custom_attributes = (custom_attributes - ${sp.array(cleared)}::text[]) || ${sp.json(set)}
        where workspace_id = ${actor.workspaceId} and id = ${contactId}`;
    }
  });
}

export type BulkChange = { kind: "status"; status: string } | { kind: "tag"; tag: string } | { kind: "owner"; ownerId: string | null };

/** Checks the change's target (a stage, a member); async, so it must not return a query fragment (awaiting one runs it). */
async function checkBulkChange(tx: Tx, actor: ContactActor, change: BulkChange) {
  if (change.kind === "status") await assertStage(tx, actor.workspaceId, change.status);
  if (change.kind === "owner" && change.ownerId) await assertMember(tx, actor.workspaceId, change.ownerId);
  if (change.kind === "tag" && normalizeTags([change.tag]).length === 0) throw new AppError("invalid", "errors.contacts.writeTag");
}

function bulkSet(tx: Tx, change: BulkChange) {
  switch (change.kind) {
    case "status":
      return tx`lead_status = ${change.status}`;
    case "tag": {
      const tag = normalizeTags([change.tag])[0] ?? "";
      return tx`tags = case when tags @> array[${tag}::text] then tags else array_append(tags, ${tag}::text) end`;
    }
    case "owner":
      return tx`owner_id = ${change.ownerId}::uuid`;
  }
}

/** One change to many contacts at once; all or nothing (an id outside the workspace refuses the whole batch). */
export async function bulkUpdateContacts(
  tx: Tx,
  actor: ContactActor,
  contactIds: string[],
  change: BulkChange,
): Promise<{ updated: number }> {
  const ids = [...new Set(contactIds)];
  await checkBulkChange(tx, actor, change);
  const rows = await tx`
    update public.contacts set ${bulkSet(tx, change)}
    where workspace_id = ${actor.workspaceId} and id = any(${tx.array(ids)}::uuid[])
    returning id`;
  if (rows.length !== ids.length) throw new AppError("not_found", "errors.contacts.someNotFound");
  return { updated: rows.length };
}

/** A note on the contact's timeline, in the member's name. */
export async function addContactNote(tx: Tx, actor: ContactActor, contactId: string, text: string): Promise<void> {
  const note = text.trim();
  if (!note) throw new AppError("invalid", "errors.contacts.writeNote");
  const [contact] = await tx`select 1 from public.contacts where workspace_id = ${actor.workspaceId} and id = ${contactId}`;
  if (!contact) throw new AppError("not_found", NOT_FOUND);
  await tx`
    insert into public.contact_events (workspace_id, contact_id, kind, actor_id, data)
    values (${actor.workspaceId}, ${contactId}, 'note', ${actor.userId}, ${tx.json({ text: note })})`;
}

/**
 * Deletes a contact with its conversations and messages (admins only, by
 * RLS): what a customer's request to erase their data needs. Merging is
 * the way to fold a duplicate; this removes the person. Media files of the
 * deleted messages stay in storage until cleaned up.
 */
export async function deleteContact(tx: Tx, actor: ContactActor, contactId: string): Promise<void> {
  const [contact] = await tx<{ label: string | null; phone: string | null; conversations: number; messages: number }[]>`
    select coalesce(k.name, k.profile_name, k.phone_e164, k.username) as label, k.phone_e164 as phone,
           (select count(*)::int from public.conversations c where c.workspace_id = k.workspace_id and c.contact_id = k.id) as conversations,
           (select count(*)::int from public.messages m join public.conversations c on c.workspace_id = m.workspace_id and c.id = m.conversation_id
            where c.workspace_id = k.workspace_id and c.contact_id = k.id) as messages
    from public.contacts k where k.workspace_id = ${actor.workspaceId} and k.id = ${contactId}`;
  if (!contact) throw new AppError("not_found", NOT_FOUND);
  const deleted = await tx`delete from public.contacts where workspace_id = ${actor.workspaceId} and id = ${contactId}`;
  if (deleted.count === 0) throw new AppError("forbidden", "errors.contacts.onlyAdminsDelete");
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    action: "contact.deleted",
    target: { type: "contact", id: contactId, label: contact.label },
    details: { phone: contact.phone, conversations: contact.conversations, messages: contact.messages },
  });
}

/**
 * Folds `sourceId` into `targetId` (admins only): conversations, messages
 * and timeline move; see public.merge_contacts for how fields combine.
 */
export async function mergeContacts(tx: Tx, actor: ContactActor, targetId: string, sourceId: string): Promise<{ id: string }> {
  const labels = await tx<{ id: string; label: string | null }[]>`
    select id, coalesce(name, profile_name, phone_e164, username) as label from public.contacts
    where workspace_id = ${actor.workspaceId} and id in (${targetId}, ${sourceId})`;
  const labelOf = (id: string) => labels.find((l) => l.id === id)?.label ?? null;
  const [row] = await tx<{ id: string }[]>`select public.merge_contacts(${actor.workspaceId}, ${targetId}, ${sourceId}) as id`.catch(
    (error: unknown) => {
      throw fromDatabaseError(error) ?? error;
    },
  );
  if (!row) throw new AppError("not_found", NOT_FOUND);
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    action: "contact.merged",
    target: { type: "contact", id: row.id, label: labelOf(targetId) },
    details: { merged_contact_id: sourceId, merged_contact: labelOf(sourceId) },
  });
  return row;
}
