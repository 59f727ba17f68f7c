import "server-only";
import type { BusinessHours } from "@/lib/business-hours";
import type { Locale } from "@/lib/locales";
import type { MemberRole } from "@/lib/roles";
import { recordAudit } from "@/server/audit/record";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { AppError } from "@/server/errors";

export type WorkspaceSummary = With<
  Pick<Row<"workspaces">, "id" | "name" | "slug" | "default_country" | "default_locale" | "time_zone" | "business_hours">,
  { business_hours: BusinessHours }
> &
  Pick<Row<"workspace_members">, "role"> & { joined_at: Row<"workspace_members">["created_at"] };

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
    select w.id, w.name, w.slug, w.default_country, w.default_locale, w.time_zone, w.business_hours, m.role, m.created_at as joined_at
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
  if (!row?.allowed) throw new AppError("forbidden", "errors.workspaces.onlyOwnersAndAdmins");
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

export interface WorkspaceSettings {
  name: string;
  defaultCountry: string;
  timeZone: string;
  /** The language members read the app in when their browser asks for none it speaks (src/lib/locales.ts). */
  defaultLocale: Locale;
}

/** Creates a workspace owned by the signed-in user (the slug gets a suffix if taken); without a time zone its days are UTC's. */
export async function createWorkspace(
  tx: Tx,
  input: Omit<WorkspaceSettings, "timeZone" | "defaultLocale"> & Partial<Pick<WorkspaceSettings, "timeZone" | "defaultLocale">>,
): Promise<string> {
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
      if (row) {
        // create_workspace predates time zones and languages; its creator is the owner now, so RLS lets this through.
        await tx`update public.workspaces
                 set time_zone = coalesce(${input.timeZone ?? null}, time_zone), default_locale = coalesce(${input.defaultLocale ?? null}, default_locale)
                 where id = ${row.id}`;
        return row.id;
      }
    } catch (error) {
      if ((error as { code?: string }).code !== "23505") throw error;
    }
  }
  throw new AppError("conflict", "errors.workspaces.noFreeAddress");
}

/** Changes name, phone country, time zone and default language; the audit entry keeps what changed, before and after. */
export async function updateWorkspace(tx: Tx, workspaceId: string, input: WorkspaceSettings) {
  await assertAdmin(tx, workspaceId);
  const [before] = await tx<Pick<Row<"workspaces">, "name" | "default_country" | "time_zone" | "default_locale">[]>`
    select name, default_country, time_zone, default_locale from public.workspaces where id = ${workspaceId} for update`;
  if (!before) throw new AppError("not_found", "errors.workspaces.notFound");
  await tx`update public.workspaces
           set name = ${input.name}, default_country = ${input.defaultCountry}, time_zone = ${input.timeZone},
               default_locale = ${input.defaultLocale}
           where id = ${workspaceId}`;
  const after = { name: input.name, default_country: input.defaultCountry, time_zone: input.timeZone, default_locale: input.defaultLocale };
  const changes = Object.fromEntries(
    (Object.keys(after) as (keyof typeof after)[])
      .filter((key) => before[key] !== after[key])
      .map((key) => [key, { from: before[key], to: after[key] }]),
  );
  if (Object.keys(changes).length > 0) {
    await recordAudit(tx, {
      workspaceId,
      action: "workspace.updated",
      target: workspaceTarget(workspaceId, input.name),
      details: { changes },
    });
  }
}

export async function updateBusinessHours(tx: Tx, workspaceId: string, hours: BusinessHours) {
  await assertAdmin(tx, workspaceId);
  const [row] = await tx<(Pick<Row<"workspaces">, "name"> & { before: BusinessHours })[]>`
    update public.workspaces w set business_hours = ${tx.json(hours as never)}
    from (select business_hours from public.workspaces where id = ${workspaceId} for update) old
    where w.id = ${workspaceId}
    returning w.name, old.business_hours as before`;
  if (!row) throw new AppError("not_found", "errors.workspaces.notFound");
  await recordAudit(tx, {
    workspaceId,
    action: "workspace.business_hours_updated",
    target: workspaceTarget(workspaceId, row.name),
    details: { from: row.before, to: hours },
  });
}

const workspaceTarget = (id: string, name: string) => ({ type: "workspace", id, label: name });

/** The member's email for audit entries (members cannot read auth.users themselves). */
async function memberEmail(tx: Tx, workspaceId: string, userId: string) {
  const [row] = await tx<{ email: string }[]>`
    select email from public.list_workspace_members(${workspaceId}) where user_id = ${userId}`;
  return row?.email ?? null;
}

export async function changeMemberRole(tx: Tx, workspaceId: string, userId: string, role: MemberRole) {
  await assertAdmin(tx, workspaceId);
  const [updated] = await tx<{ before: Row<"workspace_members">["role"] }[]>`
    update public.workspace_members m set role = ${role}
    from (select role from public.workspace_members where workspace_id = ${workspaceId} and user_id = ${userId} for update) old
    where m.workspace_id = ${workspaceId} and m.user_id = ${userId}
    returning old.role as before`;
  if (!updated) throw new AppError("not_found", "errors.workspaces.memberNotFound");
  if (updated.before === role) return;
  await recordAudit(tx, {
    workspaceId,
    action: "member.role_changed",
    target: { type: "member", id: userId, label: await memberEmail(tx, workspaceId, userId) },
    details: { from: updated.before, to: role },
  });
}

export async function removeMember(tx: Tx, workspaceId: string, userId: string) {
  await assertAdmin(tx, workspaceId);
  const email = await memberEmail(tx, workspaceId, userId);
  const [deleted] = await tx<Pick<Row<"workspace_members">, "role">[]>`
    delete from public.workspace_members
    where workspace_id = ${workspaceId} and user_id = ${userId}
    returning role`;
  if (!deleted) throw new AppError("not_found", "errors.workspaces.memberNotFound");
  await recordAudit(tx, {
    workspaceId,
    action: "member.removed",
    target: { type: "member", id: userId, label: email },
    details: { role: deleted.role },
  });
}

/** The signed-in member leaves the workspace (a last owner is refused by the member guard). */
export async function leaveWorkspace(tx: Tx, workspaceId: string, userId: string) {
  // Recorded first: once the membership is gone the leaver is no longer a member who may write it.
  const email = await memberEmail(tx, workspaceId, userId);
  await recordAudit(tx, { workspaceId, action: "member.left", target: { type: "member", id: userId, label: email } });
  const deleted = await tx`
    delete from public.workspace_members where workspace_id = ${workspaceId} and user_id = ${userId} returning user_id`;
  if (deleted.length === 0) throw new AppError("not_found", "errors.workspaces.notAMember");
}
