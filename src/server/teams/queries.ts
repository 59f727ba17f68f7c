import "server-only";
import type { ConversationVisibility } from "@/lib/availability";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";

export type Team = Pick<Row<"teams">, "id" | "name" | "description" | "auto_assign" | "assignment_cap"> & {
  member_ids: string[];
  /** Open and pending conversations of the team waiting for someone. */
  queued: number;
};

/** The workspace's teams with their members, by name. */
export function listTeams(tx: Tx, workspaceId: string) {
  return tx<Team[]>`
    select t.id, t.name, t.description, t.auto_assign, t.assignment_cap,
           coalesce((select array_agg(m.user_id order by m.created_at) from public.team_members m
                     where m.workspace_id = t.workspace_id and m.team_id = t.id), '{}') as member_ids,
           (select count(*) from public.conversations c
            where c.team_id = t.id and c.assigned_to is null and c.status = 'open')::int as queued
    from public.teams t
    where t.workspace_id = ${workspaceId}
    order by lower(t.name), t.id`;
}

/** Teams as options for selects (the conversation header, a number's default team). */
export function teamOptions(tx: Tx, workspaceId: string) {
  return tx<Pick<Row<"teams">, "id" | "name">[]>`
    select id, name from public.teams where workspace_id = ${workspaceId} order by lower(name), id`;
}

export async function conversationVisibility(tx: Tx, workspaceId: string): Promise<ConversationVisibility> {
  const [row] = await tx<{ conversation_visibility: ConversationVisibility }[]>`
    select conversation_visibility from public.workspaces where id = ${workspaceId}`;
  return row?.conversation_visibility ?? "all";
}

/** Each connected number's default team. */
export function channelDefaultTeams(tx: Tx, workspaceId: string) {
  return tx<Pick<Row<"whatsapp_channels">, "id" | "display_phone_number" | "name" | "phone_number_id" | "default_team_id">[]>`
    select id, display_phone_number, name, phone_number_id, default_team_id from public.whatsapp_channels
    where workspace_id = ${workspaceId} and status <> 'disconnected'
    order by created_at, id`;
}
