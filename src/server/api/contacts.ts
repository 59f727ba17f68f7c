import "server-only";
import { z } from "zod";
import { type CountryCode, canonicalizePhone } from "@/lib/phone";
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { cursorTime, decodeCursor, encodeCursor } from "./cursor";
import { invalidInput, unknownStage } from "./errors";
import type { ApiContact, contactInput, contactListQuery, contactPatch } from "./schemas";

const iso = (tx: Tx, column: string) => tx`to_char(${tx(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const CONTACT_COLUMNS = (tx: Tx) => tx`
  id, phone_e164 as phone, wa_id, name, profile_name, email, lead_status, lead_score, tags, custom_attributes, source,
  ${iso(tx, "created_at")} as created_at, ${iso(tx, "updated_at")} as updated_at,
  ${iso(tx, "last_activity_at")} as last_activity_at`;

const NOT_FOUND = "This contact does not exist or is not in this workspace.";

/** A number as the API was given it, canonical, or a refusal naming the field. */
export function canonicalPhoneOf(input: string, country: CountryCode, field: string): string {
  const phone = canonicalizePhone(input, country);
  if (!phone) {
    throw invalidInput([{ field, message: "not a phone number we can read" }]);
  }
  return phone;
}

/** The one contact of a number, however it was written (local, with or without +, WhatsApp's country quirks). */
export async function contactByPhone(tx: Tx, workspaceId: string, country: CountryCode, phone: string): Promise<ApiContact> {
  const canonical = canonicalPhoneOf(phone, country, "query.phone");
  const [row] = await tx<ApiContact[]>`
    select ${CONTACT_COLUMNS(tx)} from public.contacts where workspace_id = ${workspaceId} and phone_e164 = ${canonical}`;
  if (!row) throw new AppError("not_found", `No contact has the number ${canonical}.`);
  return row;
}

/** One contact as the API shows it, or null when it is not in the workspace. */
export async function findContact(tx: Tx, workspaceId: string, contactId: string): Promise<ApiContact | null> {
  const [row] = await tx<ApiContact[]>`
    select ${CONTACT_COLUMNS(tx)} from public.contacts where workspace_id = ${workspaceId} and id = ${contactId}`;
  return row ?? null;
}

export async function getContact(tx: Tx, workspaceId: string, contactId: string): Promise<ApiContact> {
  const row = await findContact(tx, workspaceId, contactId);
  if (!row) throw new AppError("not_found", NOT_FOUND);
  return row;
}

const contactCursor = z.object({ updatedAt: cursorTime, id: z.uuid() });

function escapeLike(text: string) {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

/** Most recently changed first; search matches name or number (a typed local number too). */
export async function listContacts(
  tx: Tx,
  workspaceId: string,
  country: CountryCode,
  query: z.output<typeof contactListQuery>,
): Promise<{ data: ApiContact[]; next_cursor: string | null }> {
  const after = decodeCursor(contactCursor, query.cursor);
  const canonical = query.search ? canonicalizePhone(query.search, country) : null;
  const pattern = query.search ? escapeLike(query.search) : null;
  const rows = await tx<ApiContact[]>`
    select ${CONTACT_COLUMNS(tx)} from public.contacts
    where workspace_id = ${workspaceId}
      ${pattern ? tx`and (coalesce(name, profile_name, '') ilike ${pattern} or coalesce(phone_e164, '') ilike ${escapeLike(canonical ?? query.search ?? "")})` : tx``}
      ${query.tag ? tx`and tags @> array[${query.tag}]::text[]` : tx``}
      ${query.lead_status ? tx`and lead_status = ${query.lead_status}` : tx``}
      ${query.updated_since ? tx`and updated_at >= ${query.updated_since}::timestamptz` : tx``}
      ${after ? tx`and (updated_at, id) < (${after.updatedAt}::timestamptz, ${after.id}::uuid)` : tx``}
    order by updated_at desc, id desc
    limit ${query.limit + 1}`;
  const data = rows.slice(0, query.limit);
  const last = data.at(-1);
  return {
    data,
    next_cursor: rows.length > query.limit && last ? encodeCursor({ updatedAt: last.updated_at, id: last.id }) : null,
  };
}

type ContactChanges = Omit<z.output<typeof contactInput>, "phone">;

/**
 * The SET list of a change: given fields replace, tags de-duplicated;
 * attributes merged key by key, a null removing its key.
 */
function assignments(tx: Tx, changes: ContactChanges) {
  const columns: Record<string, unknown> = {};
  if (changes.name !== undefined) columns.name = changes.name || null;
  if (changes.email !== undefined) columns.email = changes.email;
  if (changes.tags !== undefined) columns.tags = [...new Set(changes.tags)];
  if (changes.lead_status !== undefined) columns.lead_status = changes.lead_status;
  const attributes = changes.custom_attributes ? tx.json(changes.custom_attributes) : null;
  return Object.entries(columns).reduce(
    (list, [column, value]) => tx`${list}, ${tx(column)} = ${value as string}`,
    tx`custom_attributes = jsonb_strip_nulls(contacts.custom_attributes || coalesce(${attributes}::jsonb, '{}'::jsonb))`,
  );
}

/** Columns of a new contact: the same fields, null attributes left out. */
function newColumns(changes: ContactChanges) {
  return {
    ...(changes.name !== undefined ? { name: changes.name || null } : {}),
    ...(changes.email !== undefined ? { email: changes.email } : {}),
    ...(changes.tags !== undefined ? { tags: [...new Set(changes.tags)] } : {}),
    ...(changes.lead_status !== undefined ? { lead_status: changes.lead_status } : {}),
  };
}

/** Creates the contact of a number, or updates the one that has it: calling it twice makes one contact. */
export async function upsertContact(
  tx: Tx,
  workspaceId: string,
  country: CountryCode,
  input: z.output<typeof contactInput>,
): Promise<{ contact: ApiContact; created: boolean }> {
  const phone = canonicalPhoneOf(input.phone, country, "body.phone");
  // A new contact with an unknown status would quietly land in the first stage (the insert trigger
  // that keeps webhooks flowing does that): the API says so instead, as PATCH does.
  if (input.lead_status !== undefined) {
    const [stage] = await tx`select 1 from public.lead_stages where workspace_id = ${workspaceId} and key = ${input.lead_status}`;
    if (!stage) throw unknownStage();
  }
  const insert = {
    workspace_id: workspaceId,
    phone_e164: phone,
    wa_id: phone.slice(1),
    source: "api",
    ...newColumns(input),
    custom_attributes: tx.json(
      Object.fromEntries(Object.entries(input.custom_attributes ?? {}).filter(([, value]) => value !== null)) as Record<string, string>,
    ),
  };
  const [row] = await tx<(ApiContact & { created: boolean })[]>`
    insert into public.contacts ${tx(insert)}
    on conflict (workspace_id, phone_e164) do update set ${assignments(tx, input)}
    returning ${CONTACT_COLUMNS(tx)}, (xmax = 0) as created`;
  if (!row) throw new AppError("not_found", NOT_FOUND);
  const { created, ...contact } = row;
  return { contact, created };
}

export async function patchContact(
  tx: Tx,
  workspaceId: string,
  contactId: string,
  changes: z.output<typeof contactPatch>,
): Promise<ApiContact> {
  const [row] = await tx<ApiContact[]>`
    update public.contacts set ${assignments(tx, changes)}
    where workspace_id = ${workspaceId} and id = ${contactId}
    returning ${CONTACT_COLUMNS(tx)}`;
  if (!row) throw new AppError("not_found", NOT_FOUND);
  return row;
}
