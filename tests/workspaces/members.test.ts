import { describe, expect, it } from "vitest";
import { asService, asUser } from "@/server/db/client";
import { acceptInvitation, createInvitation } from "@/server/workspaces/invitations";
import {
  changeMemberRole,
  createWorkspace,
  leaveWorkspace,
  listMembers,
  listMyWorkspaces,
  removeMember,
  updateBusinessHours,
  updateWorkspace,
} from "@/server/workspaces/queries";
import { createTeam, createUser, unique } from "../support/fixtures";

async function roleOf(workspaceId: string, userId: string) {
  const [row] = await asService(
    (tx) => tx<{ role: string }[]>`select role from public.workspace_members where workspace_id = ${workspaceId} and user_id = ${userId}`,
  );
  return row?.role ?? null;
}

describe("workspaces", () => {
  it("makes the creator the owner, gives a taken name another slug, and shows users only their own", async () => {
    const user = await createUser();
    const stranger = await createUser();
    const name = unique("Toko Maju");
    const first = await asUser(user.claims, (tx) => createWorkspace(tx, { name, defaultCountry: "ID" }));
    const second = await asUser(user.claims, (tx) => createWorkspace(tx, { name, defaultCountry: "MX", defaultLocale: "es" }));
    await asUser(stranger.claims, (tx) => createWorkspace(tx, { name: unique("Other"), defaultCountry: "BR" }));

    const mine = await asUser(user.claims, (tx) => listMyWorkspaces(tx));
    expect(mine.map((w) => w.id).sort()).toEqual([first, second].sort());
    expect(mine.every((w) => w.role === "owner")).toBe(true);
    expect(new Set(mine.map((w) => w.slug)).size).toBe(2);
    expect(mine.find((w) => w.id === second)).toMatchObject({ default_country: "MX", default_locale: "es" });
    // Without a choice a workspace reads English, as every one did before languages.
    expect(mine.find((w) => w.id === first)).toMatchObject({ default_locale: "en" });
  });
});

describe("members", () => {
  it("an admin invites, re-roles and removes a member, and each change is audited", async () => {
    const team = await createTeam();
    const email = `${unique("new")}@example.com`;
    const { token } = await asUser(team.admin.claims, (tx) => createInvitation(tx, team.workspaceId, { email, role: "agent" }));
    const { user: invited } = await asService((tx) =>
      acceptInvitation(tx, token, { kind: "new", password: "a-long-password", fullName: "New Person" }),
    );
    let members = await asUser(team.admin.claims, (tx) => listMembers(tx, team.workspaceId));
    expect(members.find((m) => m.user_id === invited.id)).toMatchObject({ email, full_name: "New Person", role: "agent" });

    await asUser(team.admin.claims, (tx) => changeMemberRole(tx, team.workspaceId, invited.id, "admin"));
    expect(await roleOf(team.workspaceId, invited.id)).toBe("admin");
    // Setting the role it already has changes nothing and records nothing.
    await asUser(team.admin.claims, (tx) => changeMemberRole(tx, team.workspaceId, invited.id, "admin"));

    await asUser(team.admin.claims, (tx) => removeMember(tx, team.workspaceId, invited.id));
    members = await asUser(team.owner.claims, (tx) => listMembers(tx, team.workspaceId));
    expect(members.map((m) => m.user_id)).not.toContain(invited.id);

    const audit = await asService(
      (tx) => tx<{ action: string; actor_id: string; actor_email: string; target_id: string; target_label: string; details: unknown }[]>`
        select action, actor_id, actor_email, target_id, target_label, details from public.audit_log
        where workspace_id = ${team.workspaceId} and action like 'member.%' order by id`,
    );
    expect(audit).toEqual([
      {
        action: "member.role_changed",
        actor_id: team.admin.id,
        actor_email: team.admin.email,
        target_id: invited.id,
        target_label: email,
        details: { from: "agent", to: "admin" },
      },
      {
        action: "member.removed",
        actor_id: team.admin.id,
        actor_email: team.admin.email,
        target_id: invited.id,
        target_label: email,
        details: { role: "admin" },
      },
    ]);
  });

  it("a member leaves on their own; the last owner cannot", async () => {
    const team = await createTeam();
    await asUser(team.agent.claims, (tx) => leaveWorkspace(tx, team.workspaceId, team.agent.id));
    expect(await roleOf(team.workspaceId, team.agent.id)).toBeNull();
    await expect(asUser(team.owner.claims, (tx) => leaveWorkspace(tx, team.workspaceId, team.owner.id))).rejects.toMatchObject({
      code: "CV409",
    });
    expect(await roleOf(team.workspaceId, team.owner.id)).toBe("owner");
    // An agent's own "leave" policy is no way to remove somebody else.
    const other = await createTeam();
    const deleted = await asUser(
      other.agent.claims,
      (tx) =>
        tx`delete from public.workspace_members where workspace_id = ${other.workspaceId} and user_id = ${other.admin.id} returning 1`,
    );
    expect(deleted).toEqual([]);
    const audit = await asService(
      (tx) => tx`select action, actor_id from public.audit_log where workspace_id = ${team.workspaceId} order by id`,
    );
    expect(audit).toEqual([{ action: "member.left", actor_id: team.agent.id }]);
  });

  it("workspace settings: time zone and business hours, audited with what changed", async () => {
    const team = await createTeam();
    const [before] = await asUser(team.owner.claims, (tx) => listMyWorkspaces(tx));
    expect(before).toMatchObject({ time_zone: "UTC", business_hours: { mon: { open: "09:00", close: "17:00" } } });

    await asUser(team.admin.claims, (tx) =>
      updateWorkspace(tx, team.workspaceId, {
        name: before?.name ?? "",
        defaultCountry: "MX",
        timeZone: "America/Mexico_City",
        defaultLocale: "es",
      }),
    );
    await expect(
      asUser(team.admin.claims, (tx) =>
        updateWorkspace(tx, team.workspaceId, { name: "X", defaultCountry: "MX", timeZone: "Mars/Olympus", defaultLocale: "es" }),
      ),
    ).rejects.toMatchObject({ code: "23514" });
    // A language the app does not speak is refused by the database too, not only by the form's list.
    await expect(
      asUser(team.admin.claims, (tx) =>
        updateWorkspace(tx, team.workspaceId, { name: "X", defaultCountry: "MX", timeZone: "UTC", defaultLocale: "fr" as "en" }),
      ),
    ).rejects.toMatchObject({ code: "23514" });
    const hours = { mon: { open: "08:30", close: "18:00" }, sat: { open: "10:00", close: "14:00" } };
    await asUser(team.admin.claims, (tx) => updateBusinessHours(tx, team.workspaceId, hours));

    const [after] = await asUser(team.agent.claims, (tx) => listMyWorkspaces(tx));
    expect(after).toMatchObject({ default_country: "MX", time_zone: "America/Mexico_City", default_locale: "es", business_hours: hours });
    const audit = await asService(
      (tx) => tx`select action, actor_id, details from public.audit_log where workspace_id = ${team.workspaceId} order by id`,
    );
    expect(audit).toEqual([
      {
        action: "workspace.updated",
        actor_id: team.admin.id,
        details: {
          changes: {
            default_country: { from: "ID", to: "MX" },
            time_zone: { from: "UTC", to: "America/Mexico_City" },
            default_locale: { from: "en", to: "es" },
          },
        },
      },
      { action: "workspace.business_hours_updated", actor_id: team.admin.id, details: { from: before?.business_hours, to: hours } },
    ]);
    await expect(asUser(team.agent.claims, (tx) => updateBusinessHours(tx, team.workspaceId, {}))).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("an agent is refused by the server for every change, and nothing changes", async () => {
    const team = await createTeam();
    const outsider = await createUser();
    const agent = team.agent.claims;
    for (const attempt of [
      () => asUser(agent, (tx) => createInvitation(tx, team.workspaceId, { email: outsider.email, role: "agent" })),
      () => asUser(agent, (tx) => changeMemberRole(tx, team.workspaceId, team.agent.id, "admin")),
      () => asUser(agent, (tx) => removeMember(tx, team.workspaceId, team.admin.id)),
      () =>
        asUser(agent, (tx) =>
          updateWorkspace(tx, team.workspaceId, { name: "Mine now", defaultCountry: "ID", timeZone: "UTC", defaultLocale: "id" }),
        ),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await roleOf(team.workspaceId, outsider.id)).toBeNull();
    expect(await roleOf(team.workspaceId, team.agent.id)).toBe("agent");
    expect(await roleOf(team.workspaceId, team.admin.id)).toBe("admin");
  });

  it("only owners grant or take the owner role, and a workspace keeps an owner", async () => {
    const team = await createTeam();
    await expect(asUser(team.admin.claims, (tx) => changeMemberRole(tx, team.workspaceId, team.agent.id, "owner"))).rejects.toMatchObject({
      code: "CV403",
    });
    await expect(asUser(team.admin.claims, (tx) => changeMemberRole(tx, team.workspaceId, team.owner.id, "agent"))).rejects.toMatchObject({
      code: "CV403",
    });
    await expect(asUser(team.admin.claims, (tx) => removeMember(tx, team.workspaceId, team.owner.id))).rejects.toMatchObject({
      code: "CV403",
    });

    await expect(asUser(team.owner.claims, (tx) => changeMemberRole(tx, team.workspaceId, team.owner.id, "admin"))).rejects.toMatchObject({
      code: "CV409",
    });
    await expect(asUser(team.owner.claims, (tx) => removeMember(tx, team.workspaceId, team.owner.id))).rejects.toMatchObject({
      code: "CV409",
    });

    await asUser(team.owner.claims, (tx) => changeMemberRole(tx, team.workspaceId, team.admin.id, "owner"));
    await asUser(team.owner.claims, (tx) => changeMemberRole(tx, team.workspaceId, team.owner.id, "admin"));
    expect(await roleOf(team.workspaceId, team.owner.id)).toBe("admin");
    expect(await roleOf(team.workspaceId, team.admin.id)).toBe("owner");
  });

  it("lists members only of the caller's own workspaces", async () => {
    const a = await createTeam();
    const b = await createTeam();
    const members = await asUser(a.agent.claims, (tx) => listMembers(tx, a.workspaceId));
    expect(members.map((m) => m.role).sort()).toEqual(["admin", "agent", "owner"]);
    expect(members.every((m) => m.email.includes("@") && m.full_name.length > 0)).toBe(true);
    expect(await asUser(a.agent.claims, (tx) => listMembers(tx, b.workspaceId))).toEqual([]);
  });
});
