import "server-only";
import { z } from "zod";
import { type CountryCode, canonicalizePhone } from "@/lib/phone";
import { type ContactChanges, createContact, updateContact } from "@/server/contacts/commands";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { kapsoConversationUrl } from "@/server/whatsapp/kapso-links";
import { cursorTime, decodeCursor, encodeCursor } from "./cursor";
import { apiRefusal, invalidInput } from "./errors";
import type { ApiContact, contactInput, contactListQuery, contactPatch } from "./schemas";

const iso = (tx: Tx, column: string) => tx`to_char(${tx(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const CONTACT_COLUMNS = (tx: Tx) => tx`
  id, phone_e164 as phone, wa_id, name, profile_name, email, lead_status, lead_score, tags, custom_attributes, source,
  ${iso(tx, "created_at")} as created_at, ${iso(tx, "updated_at")} as updated_at,
  ${iso(tx, "last_activity_at")} as last_activity_at,
  provider_conversation_id as kapso_conversation_id, ${kapsoConversationUrl(tx, "provider_conversation_id")} as kapso_conversation_url`;

const NOT_FOUND = "errors.contacts.notFound";

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
  if (!row) throw apiRefusal("not_found", `No contact has the number ${canonical}.`);
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

/** The API's field names as the contact commands take them (the UI's and the import's path too). */
function toChanges(input: z.output<typeof contactPatch> | Omit<z.output<typeof contactInput>, "phone">): ContactChanges {
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.tags !== undefined ? { tags: input.tags } : {}),
    ...(input.lead_status !== undefined ? { leadStatus: input.lead_status } : {}),
    ...(input.custom_attributes !== undefined ? { customAttributes: input.custom_attributes } : {}),
  };
}

async function contactIdWithPhone(tx: Tx, workspaceId: string, phone: string): Promise<string | null> {
  const [row] = await tx<Pick<Row<"contacts">, "id">[]>`
    select id from public.contacts where workspace_id = ${workspaceId} and phone_e164 = ${phone} for update`;
  return row?.id ?? null;
}

/**
 * Creates the contact of a number, or updates the one that has it: calling it
 * twice makes one contact, also when both calls run at once (the one that
 * loses the insert updates the winner's contact).
 */
export async function upsertContact(
  tx: Tx,
  workspaceId: string,
  country: CountryCode,
  input: z.output<typeof contactInput>,
): Promise<{ contact: ApiContact; created: boolean }> {
  const scope = { workspaceId, country };
  const phone = canonicalPhoneOf(input.phone, country, "body.phone");
  const changes = toChanges(input);
  let existing = await contactIdWithPhone(tx, workspaceId, phone);
  if (!existing) {
    try {
      const { id } = await createContact(tx, scope, { ...changes, phone }, "api");
      return { contact: await getContact(tx, workspaceId, id), created: true };
    } catch (error) {
      existing = error instanceof AppError && error.code === "conflict" ? (error.details?.contactId ?? null) : null;
      if (!existing) throw error;
    }
  }
  await updateContact(tx, scope, existing, changes);
  return { contact: await getContact(tx, workspaceId, existing), created: false };
}

export async function patchContact(
  tx: Tx,
  key: { workspaceId: string; country: CountryCode },
  contactId: string,
  changes: z.output<typeof contactPatch>,
): Promise<ApiContact> {
  await updateContact(tx, key, contactId, toChanges(changes));
  return getContact(tx, key.workspaceId, contactId);
}
