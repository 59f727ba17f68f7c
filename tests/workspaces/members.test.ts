import { describe, expect, it } from "vitest";
import { findOrCreateUserByEmail } from "@/server/auth/users";
import { asService, asUser } from "@/server/db/client";
import {
  addMember,
  changeMemberRole,
  createWorkspace,
  listMembers,
  listMyWorkspaces,
  removeMember,
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
    const second = await asUser(user.claims, (tx) => createWorkspace(tx, { name, defaultCountry: "MX" }));
    await asUser(stranger.claims, (tx) => createWorkspace(tx, { name: unique("Other"), defaultCountry: "BR" }));

    const mine = await asUser(user.claims, (tx) => listMyWorkspaces(tx));
    expect(mine.map((w) => w.id).sort()).toEqual([first, second].sort());
    expect(mine.every((w) => w.role === "owner")).toBe(true);
    expect(new Set(mine.map((w) => w.slug)).size).toBe(2);
    expect(mine.find((w) => w.id === second)?.default_country).toBe("MX");
  });
});

describe("members", () => {
  it("an admin adds, re-roles and removes a member", async () => {
    const team = await createTeam();
    const email = `${unique("new")}@example.com`;
    const invited = await asService((tx) => findOrCreateUserByEmail(tx, email));
    expect(invited.temporaryPassword).toMatch(/^[\w-]{12}$/);
    const [stored] = await asService((tx) => tx`select encrypted_password from auth.users where id = ${invited.id}`);
    expect(String(stored?.encrypted_password)).toMatch(/^\$2[aby]\$/);
    expect((await asService((tx) => findOrCreateUserByEmail(tx, email.toUpperCase()))).temporaryPassword).toBeUndefined();

    await asUser(team.admin.claims, (tx) => addMember(tx, team.workspaceId, invited.id, "agent"));
    let members = await asUser(team.admin.claims, (tx) => listMembers(tx, team.workspaceId));
    expect(members.find((m) => m.user_id === invited.id)).toMatchObject({ email, role: "agent" });

    await expect(asUser(team.admin.claims, (tx) => addMember(tx, team.workspaceId, invited.id, "agent"))).rejects.toMatchObject({
      code: "conflict",
    });

    await asUser(team.admin.claims, (tx) => changeMemberRole(tx, team.workspaceId, invited.id, "admin"));
    expect(await roleOf(team.workspaceId, invited.id)).toBe("admin");

    await asUser(team.admin.claims, (tx) => removeMember(tx, team.workspaceId, invited.id));
    members = await asUser(team.owner.claims, (tx) => listMembers(tx, team.workspaceId));
    expect(members.map((m) => m.user_id)).not.toContain(invited.id);
  });

  it("an agent is refused by the server for every change, and nothing changes", async () => {
    const team = await createTeam();
    const outsider = await createUser();
    const agent = team.agent.claims;
    for (const attempt of [
      () => asUser(agent, (tx) => addMember(tx, team.workspaceId, outsider.id, "agent")),
      () => asUser(agent, (tx) => changeMemberRole(tx, team.workspaceId, team.agent.id, "admin")),
      () => asUser(agent, (tx) => removeMember(tx, team.workspaceId, team.admin.id)),
      () => asUser(agent, (tx) => updateWorkspace(tx, team.workspaceId, { name: "Mine now", defaultCountry: "ID" })),
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
