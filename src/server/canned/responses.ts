import "server-only";
import type { CannedContext, CannedOption } from "@/lib/canned";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError } from "@/server/errors";
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
>;

export interface CannedInput {
  code: string;
  title: string;
  body: string;
  personal: boolean;
}

const DUPLICATE = "A canned response with this code already exists here. Choose another code.";

/** Workspace-wide ones first, then the caller's own, each by code. */
export function listCannedResponses(tx: Tx, actor: ActingMember) {
  return tx<CannedResponse[]>`
    select id, code, title, body, owner_id, usage_count, last_used_at, updated_at
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
  if (updated.count === 0) throw new AppError("not_found", "This canned response no longer exists, or you may not change it.");
}

export async function deleteCannedResponse(tx: Tx, actor: ActingMember, id: string) {
  const deleted = await tx`delete from public.canned_responses where id = ${id} and workspace_id = ${actor.workspaceId}`;
  if (deleted.count === 0) throw new AppError("not_found", "This canned response no longer exists, or you may not delete it.");
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
  if (!found) throw new AppError("not_found", "This conversation does not exist.");
  const rows = await listCannedResponses(tx, actor);
  return {
    options: rows.map((r) => ({ id: r.id, code: r.code, title: r.title, body: r.body, personal: r.owner_id !== null })),
    context: {
      contact: { name: found.name, phone: found.phone, email: found.email, fields: found.fields },
      agent: { name: found.agent_name },
      workspace: { name: found.workspace_name },
    },
  };
}
