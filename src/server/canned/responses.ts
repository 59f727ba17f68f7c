import "server-only";
import { randomUUID } from "node:crypto";
import type { CannedAttachment, CannedContext, CannedOption } from "@/lib/canned";
import { mediaProblem, mediaProblemMessage } from "@/lib/whatsapp-media";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError, invalidField } from "@/server/errors";
import { DISPLAYABLE_SIGNATURES, mimeEssence } from "@/server/whatsapp/media/serve-media";
import { getMedia, mediaKey, putMedia } from "@/server/whatsapp/media/storage";
import type { ActingMember } from "@/server/workspaces/actor";

/**
 * Canned responses of the acting member's workspace. RLS decides what each
 * caller sees and may change (workspace-wide ones: every member reads,
 * admins write; personal ones: their owner only); these functions add the
 * workspace to every statement and turn "no row" into not found.
 */

export type CannedResponse = Pick<
  Row<"canned_responses">,
  "id" | "code" | "title" | "body" | "owner_id" | "usage_count" | "last_used_at" | "updated_at"
> & { attachment: CannedAttachment | null };

export interface CannedInput {
  code: string;
  title: string;
  body: string;
  personal: boolean;
}

const DUPLICATE = "errors.canned.duplicate";

/** Workspace-wide ones first, then the caller's own, each by code. */
export function listCannedResponses(tx: Tx, actor: ActingMember) {
  return tx<CannedResponse[]>`
    select id, code, title, body, owner_id, usage_count, last_used_at, updated_at,
           case when attachment_id is not null then
             json_build_object('id', attachment_id, 'name', attachment_name, 'type', attachment_type, 'size', attachment_size)
           end as attachment
    from public.canned_responses
    where workspace_id = ${actor.workspaceId}
    order by owner_id is not null, code`;
}

export async function createCannedResponse(tx: Tx, actor: ActingMember, input: CannedInput) {
  const [row] = await tx<{ id: string }[]>`
    insert into public.canned_responses (workspace_id, owner_id, code, title, body)
    values (${actor.workspaceId}, ${input.personal ? actor.userId : null}, ${input.code}, ${input.title}, ${input.body})
    on conflict do nothing
    returning id`;
  if (!row) throw new AppError("conflict", DUPLICATE);
  return row.id;
}

/** Edits the text and code; the scope stays what it was (moving between scopes is delete and create). */
export async function updateCannedResponse(tx: Tx, actor: ActingMember, id: string, input: Omit<CannedInput, "personal">) {
  const [clash] = await tx<{ id: string }[]>`
    select o.id from public.canned_responses c
    join public.canned_responses o on o.workspace_id = c.workspace_id and o.code = ${input.code} and o.id <> c.id
      and o.owner_id is not distinct from c.owner_id
    where c.id = ${id} and c.workspace_id = ${actor.workspaceId}`;
  if (clash) throw new AppError("conflict", DUPLICATE);
  const updated = await tx`
    update public.canned_responses set code = ${input.code}, title = ${input.title}, body = ${input.body}
    where id = ${id} and workspace_id = ${actor.workspaceId}`;
  if (updated.count === 0) throw new AppError("not_found", "errors.canned.cannotChange");
}

export async function deleteCannedResponse(tx: Tx, actor: ActingMember, id: string) {
  const deleted = await tx`delete from public.canned_responses where id = ${id} and workspace_id = ${actor.workspaceId}`;
  if (deleted.count === 0) throw new AppError("not_found", "errors.canned.cannotDelete");
}

/** How files of these types begin; a file declared as one of them must start so (the declared type is the uploader's word). */
const SIGNATURES: Record<string, (bytes: Uint8Array) => boolean> = {
  ...DISPLAYABLE_SIGNATURES,
  "application/pdf": (b) => Buffer.from(b.subarray(0, 5)).toString("latin1") === "%PDF-",
};

/**
 * Checks a response's file against what WhatsApp accepts (its type, its
 * size in bytes, and that its bytes are what the type says where the
 * format has a signature) and stores it under a new id, before any
 * transaction opens (storage may be a remote service). A refused file
 * leaves nothing behind. `field` names the form input a refusal is about.
 */
export async function storeCannedAttachment(
  workspaceId: string,
  file: { name: string; type: string; bytes: Uint8Array },
  field: string,
): Promise<CannedAttachment> {
  const type = mimeEssence(file.type);
  const problem = mediaProblem(type, file.bytes.byteLength);
  if (problem) throw invalidField(field, mediaProblemMessage(problem));
  if (SIGNATURES[type] && !SIGNATURES[type](file.bytes)) throw invalidField(field, { key: "errors.canned.fakeType", values: { type } });
  const id = randomUUID();
  await putMedia(mediaKey(workspaceId, id), file.bytes, type);
  return { id, name: file.name.trim().slice(0, 255) || "file", type, size: file.bytes.byteLength };
}

const NOT_YOURS = "errors.canned.cannotChange";

/** Points a response at a stored file (replacing any other); RLS decides who may. */
export async function setCannedAttachment(tx: Tx, actor: ActingMember, id: string, file: CannedAttachment) {
  const updated = await tx`
    update public.canned_responses
    set attachment_id = ${file.id}, attachment_name = ${file.name}, attachment_type = ${file.type}, attachment_size = ${file.size}
    where id = ${id} and workspace_id = ${actor.workspaceId}`;
  if (updated.count === 0) throw new AppError("not_found", NOT_YOURS);
}

export async function removeCannedAttachment(tx: Tx, actor: ActingMember, id: string) {
  const updated = await tx`
    update public.canned_responses
    set attachment_id = null, attachment_name = null, attachment_type = null, attachment_size = null
    where id = ${id} and workspace_id = ${actor.workspaceId}`;
  if (updated.count === 0) throw new AppError("not_found", NOT_YOURS);
}

/** A response's file, when the caller may read the response (RLS) and it has one. */
export async function readCannedAttachment(tx: Tx, id: string): Promise<(CannedAttachment & { bytes: Buffer }) | null> {
  const [row] = await tx<
    Pick<Row<"canned_responses">, "workspace_id" | "attachment_id" | "attachment_name" | "attachment_type" | "attachment_size">[]
  >`
    select workspace_id, attachment_id, attachment_name, attachment_type, attachment_size
    from public.canned_responses where id = ${id}`;
  if (!row?.attachment_id) return null;
  const bytes = await getMedia(mediaKey(row.workspace_id, row.attachment_id));
  return (
    bytes && {
      id: row.attachment_id,
      name: row.attachment_name ?? "file",
      type: row.attachment_type ?? "application/octet-stream",
      size: row.attachment_size ?? bytes.byteLength,
      bytes,
    }
  );
}

/** One more use, by anyone who may read the response (a security-definer function: agents cannot update workspace-wide rows). */
export async function recordCannedUse(tx: Tx, id: string) {
  await tx`select public.record_canned_use(${id})`;
}

/**
 * What the composer of one conversation needs: the responses the caller
 * may use and the values their variables are filled with. Not found when
 * the conversation is not the caller's workspace's.
 */
export async function cannedForConversation(
  tx: Tx,
  actor: ActingMember,
  conversationId: string,
): Promise<{ options: CannedOption[]; context: CannedContext }> {
  const [found] = await tx<
    {
      name: string | null;
      phone: string | null;
      email: string | null;
      fields: Record<string, string | number | boolean>;
      workspace_name: string;
      agent_name: string | null;
    }[]
  >`
    select coalesce(k.name, k.profile_name) as name, k.phone_e164 as phone, k.email, k.custom_attributes as fields,
           w.name as workspace_name,
           (select m.full_name from public.list_workspace_members(${actor.workspaceId}) m where m.user_id = ${actor.userId}) as agent_name
    from public.conversations c
    join public.contacts k on k.id = c.contact_id
    join public.workspaces w on w.id = c.workspace_id
    where c.id = ${conversationId} and c.workspace_id = ${actor.workspaceId}`;
  if (!found) throw new AppError("not_found", "errors.inbox.conversationMissing");
  const rows = await listCannedResponses(tx, actor);
  return {
    options: rows.map((r) => ({
      id: r.id,
      code: r.code,
      title: r.title,
      body: r.body,
      personal: r.owner_id !== null,
      attachment: r.attachment,
    })),
    context: {
      contact: { name: found.name, phone: found.phone, email: found.email, fields: found.fields },
      agent: { name: found.agent_name },
      workspace: { name: found.workspace_name },
    },
  };
}
