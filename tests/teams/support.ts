import type { Availability } from "@/lib/availability";
import { asService, asUser } from "@/server/db/client";
import { setMyAvailability } from "@/server/teams/availability";
import { createUser, createTeam as createWorkspace, type TestUser, unique } from "../support/fixtures";
import { createChannel } from "../support/webhooks";

/** A workspace with agents, one WhatsApp number whose default team is `team`, and that team's settings. */
export async function teamWorkspace(options: { agents: number; cap: number | null; autoAssign?: boolean }) {
  const workspace = await createWorkspace();
  const agents: TestUser[] = [];
  for (let i = 0; i < options.agents; i += 1) agents.push(await createUser());
  await asService(async (tx) => {
    for (const agent of agents) {
      await tx`insert into public.workspace_members (workspace_id, user_id, role) values (${workspace.workspaceId}, ${agent.id}, 'agent')`;
    }
  });
  // Ordered as round-robin walks them (by user id), so tests can name who is next.
  agents.sort((a, b) => a.id.localeCompare(b.id));
  const [team] = await asService(
    (tx) => tx<{ id: string }[]>`
      insert into public.teams (workspace_id, name, auto_assign, assignment_cap)
      values (${workspace.workspaceId}, ${unique("Support")}, ${options.autoAssign ?? true}, ${options.cap})
      returning id`,
  );
  if (!team) throw new Error("no team");
  await asService(async (tx) => {
    for (const agent of agents) {
      await tx`insert into public.team_members (workspace_id, team_id, user_id) values (${workspace.workspaceId}, ${team.id}, ${agent.id})`;
    }
  });
  const channel = await createChannel({ workspaceId: workspace.workspaceId });
  await asService((tx) => tx`update public.whatsapp_channels set default_team_id = ${team.id} where id = ${channel.id}`);
  return { ...workspace, agents, teamId: team.id, channel };
}

export const setAvailability = (workspaceId: string, user: TestUser, availability: Availability) =>
  asUser(user.claims, (tx) => setMyAvailability(tx, workspaceId, availability));

/** Who each of these conversations is assigned to, in the given order. */
export async function assigneesOf(conversationIds: string[]) {
  const rows = await asService(
    (tx) => tx<{ id: string; assigned_to: string | null }[]>`
      select id, assigned_to from public.conversations where id = any(${conversationIds}::uuid[])`,
  );
  const byId = new Map(rows.map((row) => [row.id, row.assigned_to]));
  return conversationIds.map((id) => byId.get(id) ?? null);
}

/** Open load per agent: the conversations the cap counts. */
export async function openLoad(workspaceId: string) {
  const rows = await asService(
    (tx) => tx<{ assigned_to: string; n: number }[]>`
      select assigned_to, count(*)::int as n from public.conversations
      where workspace_id = ${workspaceId} and assigned_to is not null and status in ('open', 'pending')
      group by assigned_to`,
  );
  return new Map(rows.map((row) => [row.assigned_to, row.n]));
}

/** A customer's WhatsApp number (each test has its own workspace, so these may repeat across tests). */
export const phone = (i: number) => `628123450${String(i).padStart(3, "0")}`;
