import "server-only";
import type { ConversationVisibility } from "@/lib/availability";
import { recordAudit } from "@/server/audit/record";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { assertAdmin } from "@/server/workspaces/queries";

/** Name, description and assignment rules, as the settings form sends them. */
export interface TeamInput {
  name: string;
  description: string | null;
  autoAssign: boolean;
  /** Most open (and pending) conversations auto-assignment gives one agent; null: no cap. */
  assignmentCap: number | null;
}

type TeamRow = Pick<Row<"teams">, "id" | "name" | "description" | "auto_assign" | "assignment_cap">;

const teamTarget = (team: Pick<TeamRow, "id" | "name">) => ({ type: "team", id: team.id, label: team.name });

/** Unique names (case-insensitive) come back as a message a person can act on. */
async function uniqueName<T>(tx: Tx, write: (sp: Tx) => Promise<T>): Promise<T> {
  try {
    return (await tx.savepoint((sp) => write(sp))) as T;
  } catch (error) {
    if ((error as { code?: string }).code === "23505") throw new AppError("conflict", "errors.teams.nameTaken");
    throw error;
  }
}

export async function createTeam(tx: Tx, workspaceId: string, input: TeamInput): Promise<string> {
  await assertAdmin(tx, workspaceId);
  const [team] = await uniqueName(
    tx,
    (sp) => sp<TeamRow[]>`
      insert into public.teams (workspace_id, name, description, auto_assign, assignment_cap)
      values (${workspaceId}, ${input.name}, ${input.description}, ${input.autoAssign}, ${input.assignmentCap})
      returning id, name, description, auto_assign, assignment_cap`,
  );
  if (!team) throw new AppError("forbidden", "errors.teams.onlyOwnersAndAdmins");
  await recordAudit(tx, { workspaceId, action: "team.created", target: teamTarget(team), details: { ...input } });
  return team.id;
}

export async function updateTeam(tx: Tx, workspaceId: string, teamId: string, input: TeamInput) {
  await assertAdmin(tx, workspaceId);
  const [before] = await tx<TeamRow[]>`
    select id, name, description, auto_assign, assignment_cap from public.teams
    where workspace_id = ${workspaceId} and id = ${teamId} for update`;
  if (!before) throw new AppError("not_found", "errors.teams.notInWorkspace");
  await uniqueName(
    tx,
    (sp) => sp`
      update public.teams set name = ${input.name}, description = ${input.description},
        auto_assign = ${input.autoAssign}, assignment_cap = ${input.assignmentCap}
      where workspace_id = ${workspaceId} and id = ${teamId}`,
  );
  const after = { name: input.name, description: input.description, auto_assign: input.autoAssign, assignment_cap: input.assignmentCap };
  const changes = Object.fromEntries(
    Object.entries(after)
      .filter(([field, value]) => before[field as keyof typeof after] !== value)
      .map(([field, value]) => [field, { from: before[field as keyof typeof after], to: value }]),
  );
  if (Object.keys(changes).length === 0) return;
  await recordAudit(tx, {
    workspaceId,
    action: "team.updated",
    target: teamTarget({ id: teamId, name: input.name }),
    details: { changes },
  });
}

/** Deleting a team leaves its conversations without a team (and its numbers without a default). */
export async function deleteTeam(tx: Tx, workspaceId: string, teamId: string) {
  await assertAdmin(tx, workspaceId);
  const [team] = await tx<Pick<TeamRow, "id" | "name">[]>`
    delete from public.teams where workspace_id = ${workspaceId} and id = ${teamId} returning id, name`;
  if (!team) throw new AppError("not_found", "errors.teams.notInWorkspace");
  await recordAudit(tx, { workspaceId, action: "team.deleted", target: teamTarget(team) });
}

async function teamName(tx: Tx, workspaceId: string, teamId: string) {
  const [team] = await tx<Pick<TeamRow, "id" | "name">[]>`
    select id, name from public.teams where workspace_id = ${workspaceId} and id = ${teamId}`;
  if (!team) throw new AppError("not_found", "errors.teams.notInWorkspace");
  return team;
}

export async function addTeamMember(tx: Tx, workspaceId: string, teamId: string, userId: string) {
  await assertAdmin(tx, workspaceId);
  const team = await teamName(tx, workspaceId, teamId);
  const [member] = await tx`select 1 from public.workspace_members where workspace_id = ${workspaceId} and user_id = ${userId}`;
  if (!member) throw new AppError("invalid", "errors.teams.membersOnly");
  const added = await tx`
    insert into public.team_members (workspace_id, team_id, user_id) values (${workspaceId}, ${teamId}, ${userId})
    on conflict do nothing returning user_id`;
  if (added.length === 0) return;
  await recordAudit(tx, { workspaceId, action: "team.member_added", target: teamTarget(team), details: { user_id: userId } });
}

export async function removeTeamMember(tx: Tx, workspaceId: string, teamId: string, userId: string) {
  await assertAdmin(tx, workspaceId);
  const team = await teamName(tx, workspaceId, teamId);
  const removed = await tx`
    delete from public.team_members where workspace_id = ${workspaceId} and team_id = ${teamId} and user_id = ${userId}
    returning user_id`;
  if (removed.length === 0) return;
  await recordAudit(tx, { workspaceId, action: "team.member_removed", target: teamTarget(team), details: { user_id: userId } });
}

/** New conversations on this number get this team (null: none). */
export async function setChannelDefaultTeam(tx: Tx, workspaceId: string, channelId: string, teamId: string | null) {
  await assertAdmin(tx, workspaceId);
  if (teamId) await teamName(tx, workspaceId, teamId);
  const [channel] = await tx<(Pick<Row<"whatsapp_channels">, "display_phone_number" | "name"> & { before: string | null })[]>`
    update public.whatsapp_channels ch set default_team_id = ${teamId}
    from (select default_team_id from public.whatsapp_channels where workspace_id = ${workspaceId} and id = ${channelId} for update) old
    where ch.workspace_id = ${workspaceId} and ch.id = ${channelId}
    returning ch.display_phone_number, ch.name, old.default_team_id as before`;
  if (!channel) throw new AppError("not_found", "errors.channels.numberNotFound");
  if (channel.before === teamId) return;
  await recordAudit(tx, {
    workspaceId,
    action: "channel.default_team_changed",
    target: { type: "channel", id: channelId, label: channel.display_phone_number ?? channel.name },
    details: { from: channel.before, to: teamId },
  });
}

export async function setConversationVisibility(tx: Tx, workspaceId: string, visibility: ConversationVisibility) {
  await assertAdmin(tx, workspaceId);
  const [row] = await tx<(Pick<Row<"workspaces">, "name"> & { before: ConversationVisibility })[]>`
    update public.workspaces w set conversation_visibility = ${visibility}
    from (select conversation_visibility from public.workspaces where id = ${workspaceId} for update) old
    where w.id = ${workspaceId}
    returning w.name, old.conversation_visibility as before`;
  if (!row) throw new AppError("not_found", "errors.workspaces.notFound");
  if (row.before === visibility) return;
  await recordAudit(tx, {
    workspaceId,
    action: "workspace.visibility_changed",
    target: { type: "workspace", id: workspaceId, label: row.name },
    details: { from: row.before, to: visibility },
  });
}
