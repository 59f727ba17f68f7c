import "server-only";
import type { MemberRole } from "@/lib/roles";
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";

export interface WorkspaceSummary {
  id: string;
  name: string;
  slug: string;
  default_country: string;
  role: MemberRole;
  joined_at: Date;
}

export interface Member {
  user_id: string;
  email: string;
  full_name: string;
  role: MemberRole;
  joined_at: Date;
}

/** The workspaces the signed-in user belongs to (RLS limits the rows). */
export function listMyWorkspaces(tx: Tx) {
  return tx<WorkspaceSummary[]>`
    select w.id, w.name, w.slug, w.default_country, m.role, m.created_at as joined_at
    from public.workspaces w
    join public.workspace_members m on m.workspace_id = w.id and m.user_id = auth.uid()
    order by lower(w.name), w.id`;
}

export function listMembers(tx: Tx, workspaceId: string) {
  return tx<Member[]>`select * from public.list_workspace_members(${workspaceId})`;
}

/** Refuses unless the signed-in user is an owner or admin of the workspace. */
export async function assertAdmin(tx: Tx, workspaceId: string) {
  const [row] = await tx<{ allowed: boolean }[]>`select private.is_admin(${workspaceId}) as allowed`;
  if (!row?.allowed) throw new AppError("forbidden", "Only owners and admins can manage this workspace.");
}

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return base || "workspace";
}

/** Creates a workspace owned by the signed-in user; the slug gets a suffix if taken. */
export async function createWorkspace(tx: Tx, input: { name: string; defaultCountry: string }): Promise<string> {
  const base = slugify(input.name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${Math.random().toString(36).slice(2, 7)}`;
    const [taken] = await tx`select 1 from public.workspaces where slug = ${slug}`;
    // Another tenant's slug is invisible under RLS; the unique key is the final word.
    if (taken) continue;
    try {
      const [row] = await tx.savepoint(
        (sp) => sp<{ id: string }[]>`select public.create_workspace(${input.name}, ${slug}, ${input.defaultCountry}) as id`,
      );
      if (row) return row.id;
    } catch (error) {
      if ((error as { code?: string }).code !== "23505") throw error;
    }
  }
  throw new AppError("conflict", "Could not find a free address for that name. Try another name.");
}

export async function updateWorkspace(tx: Tx, workspaceId: string, input: { name: string; defaultCountry: string }) {
  await assertAdmin(tx, workspaceId);
  await tx`update public.workspaces set name = ${input.name}, default_country = ${input.defaultCountry}
           where id = ${workspaceId}`;
}

export async function addMember(tx: Tx, workspaceId: string, userId: string, role: MemberRole) {
  await assertAdmin(tx, workspaceId);
  const inserted = await tx`
    insert into public.workspace_members (workspace_id, user_id, role)
    values (${workspaceId}, ${userId}, ${role})
    on conflict (workspace_id, user_id) do nothing
    returning user_id`;
  if (inserted.length === 0) throw new AppError("conflict", "That person is already a member of this workspace.");
}

export async function changeMemberRole(tx: Tx, workspaceId: string, userId: string, role: MemberRole) {
  await assertAdmin(tx, workspaceId);
  const updated = await tx`
    update public.workspace_members set role = ${role}
    where workspace_id = ${workspaceId} and user_id = ${userId}
    returning user_id`;
  if (updated.length === 0) throw new AppError("not_found", "That member is not in this workspace.");
}

export async function removeMember(tx: Tx, workspaceId: string, userId: string) {
  await assertAdmin(tx, workspaceId);
  const deleted = await tx`
    delete from public.workspace_members
    where workspace_id = ${workspaceId} and user_id = ${userId}
    returning user_id`;
  if (deleted.length === 0) throw new AppError("not_found", "That member is not in this workspace.");
}
