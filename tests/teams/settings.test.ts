import { afterAll, describe, expect, it } from "vitest";
import { asService, asUser } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import {
  addTeamMember,
  createTeam,
  deleteTeam,
  removeTeamMember,
  setChannelDefaultTeam,
  setConversationVisibility,
  updateTeam,
} from "@/server/teams/commands";
import { listTeams } from "@/server/teams/queries";
import { expectAppError } from "../support/app-error";
import { createTeam as createWorkspace } from "../support/fixtures";
import { createChannel } from "../support/webhooks";

afterAll(() => stopQueue());

const auditOf = (workspaceId: string) =>
  asService(
    (tx) => tx<{ action: string; target_label: string | null; details: Record<string, unknown> }[]>`
      select action, target_label, details from public.audit_log where workspace_id = ${workspaceId} order by id`,
  );

const settings = { name: "Support", description: "First line", autoAssign: true, assignmentCap: 3 };

describe("teams settings", () => {
  it("admins create, rename, staff and delete teams, each change audited", async () => {
    const w = await createWorkspace();
    const channel = await createChannel({ workspaceId: w.workspaceId });
    const teamId = await asUser(w.admin.claims, async (tx) => {
      const id = await createTeam(tx, w.workspaceId, settings);
      await updateTeam(tx, w.workspaceId, id, { ...settings, name: "Customer care", assignmentCap: null });
      await addTeamMember(tx, w.workspaceId, id, w.agent.id);
      await setChannelDefaultTeam(tx, w.workspaceId, channel.id, id);
      return id;
    });
    const [team] = await asUser(w.agent.claims, (tx) => listTeams(tx, w.workspaceId));
    expect(team).toMatchObject({ id: teamId, name: "Customer care", assignment_cap: null, member_ids: [w.agent.id], queued: 0 });
    await asUser(w.admin.claims, async (tx) => {
      await removeTeamMember(tx, w.workspaceId, teamId, w.agent.id);
      await deleteTeam(tx, w.workspaceId, teamId);
    });
    const [number] = await asService((tx) => tx`select default_team_id from public.whatsapp_channels where id = ${channel.id}`);
    expect(number?.default_team_id).toBeNull();
    expect((await auditOf(w.workspaceId)).map((entry) => [entry.action, entry.target_label])).toEqual([
      ["team.created", "Support"],
      ["team.updated", "Customer care"],
      ["team.member_added", "Customer care"],
      ["channel.default_team_changed", "15550783881"],
      ["team.member_removed", "Customer care"],
      ["team.deleted", "Customer care"],
    ]);
    expect((await auditOf(w.workspaceId))[1]?.details).toEqual({
      changes: { name: { from: "Support", to: "Customer care" }, assignment_cap: { from: 3, to: null } },
    });
  });

  it("refuses agents, duplicate names, and another workspace's members or teams", async () => {
    const w = await createWorkspace();
    const other = await createWorkspace();
    await expectAppError(
      asUser(w.agent.claims, (tx) => createTeam(tx, w.workspaceId, settings)),
      "forbidden",
    );
    await expectAppError(
      asUser(w.agent.claims, (tx) => setConversationVisibility(tx, w.workspaceId, "own_team_unassigned")),
      "forbidden",
    );
    const teamId = await asUser(w.admin.claims, (tx) => createTeam(tx, w.workspaceId, settings));
    await expectAppError(
      asUser(w.admin.claims, (tx) => createTeam(tx, w.workspaceId, { ...settings, name: "SUPPORT" })),
      "conflict",
    );
    await expectAppError(
      asUser(w.admin.claims, (tx) => addTeamMember(tx, w.workspaceId, teamId, other.agent.id)),
      "invalid",
    );
    const otherChannel = await createChannel({ workspaceId: other.workspaceId });
    await expectAppError(
      asUser(w.admin.claims, (tx) => setChannelDefaultTeam(tx, w.workspaceId, otherChannel.id, teamId)),
      "not_found",
    );
    // Straight SQL: the agent cannot write teams, their members or anyone's availability.
    await asUser(w.agent.claims, async (tx) => {
      expect((await tx`update public.teams set auto_assign = false where id = ${teamId}`).count).toBe(0);
      expect((await tx`delete from public.teams where id = ${teamId}`).count).toBe(0);
    });
    await expect(
      asUser(
        w.agent.claims,
        (tx) => tx`insert into public.member_availability (workspace_id, user_id) values (${w.workspaceId}, ${w.admin.id})`,
      ),
    ).rejects.toMatchObject({ code: "42501" });
    await expect(
      asUser(w.admin.claims, (tx) => tx`update public.teams set last_assigned_to = ${w.admin.id} where id = ${teamId}`),
    ).rejects.toMatchObject({ code: "42501" });
  });
});
