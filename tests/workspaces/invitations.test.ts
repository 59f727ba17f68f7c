import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { asService, asUser } from "@/server/db/client";
import {
  acceptInvitation,
  createInvitation,
  listPendingInvitations,
  previewInvitation,
  revokeInvitation,
} from "@/server/workspaces/invitations";
import { createTeam, createUser, unique } from "../support/fixtures";

const newEmail = () => `${unique("invitee")}@example.com`;

async function roleOf(workspaceId: string, userId: string) {
  const [row] = await asService(
    (tx) => tx<{ role: string }[]>`select role from public.workspace_members where workspace_id = ${workspaceId} and user_id = ${userId}`,
  );
  return row?.role ?? null;
}

async function auditActions(workspaceId: string) {
  const rows = await asService(
    (tx) => tx<{ action: string; actor_id: string | null; target_label: string | null }[]>`
      select action, actor_id, target_label from public.audit_log where workspace_id = ${workspaceId} order by id`,
  );
  return rows;
}

describe("invitations", () => {
  it("a new person opens the link, chooses a password and joins with the invited role", async () => {
    const team = await createTeam();
    const email = newEmail();
    const invitation = await asUser(team.admin.claims, (tx) =>
      createInvitation(tx, team.workspaceId, { email: email.toUpperCase(), role: "admin" }),
    );
    expect(invitation).toMatchObject({ email, role: "admin", expired: false });
    expect(invitation.token).toMatch(/^[0-9a-f]{48}$/);
    expect(invitation.expires_at.getTime() - invitation.created_at.getTime()).toBeCloseTo(7 * 24 * 3600 * 1000, -4);

    const preview = await asService((tx) => previewInvitation(tx, invitation.token));
    expect(preview).toMatchObject({ workspaceId: team.workspaceId, email, role: "admin", status: "pending", accountExists: false });

    const accepted = await asService((tx) =>
      acceptInvitation(tx, invitation.token, { kind: "new", password: "a-long-password", fullName: "Rina Wulan" }),
    );
    expect(accepted.workspaceId).toBe(team.workspaceId);
    expect(await roleOf(team.workspaceId, accepted.user.id)).toBe("admin");
    const [user] = await asService(
      (tx) => tx<{ encrypted_password: string; full_name: string }[]>`
        select encrypted_password, raw_user_meta_data ->> 'full_name' as full_name from auth.users where id = ${accepted.user.id}`,
    );
    expect(await bcrypt.compare("a-long-password", user?.encrypted_password ?? "")).toBe(true);
    expect(user?.full_name).toBe("Rina Wulan");

    // Used once: the same link again is refused, and it is no longer listed as pending.
    await expect(
      asService((tx) => acceptInvitation(tx, invitation.token, { kind: "existing", userId: accepted.user.id })),
    ).rejects.toMatchObject({ code: "conflict", message: "This invitation has already been used." });
    expect(await asService((tx) => previewInvitation(tx, invitation.token))).toMatchObject({ status: "accepted", accountExists: true });
    expect(await asUser(team.admin.claims, (tx) => listPendingInvitations(tx, team.workspaceId))).toEqual([]);

    expect(await auditActions(team.workspaceId)).toEqual([
      { action: "invitation.created", actor_id: team.admin.id, target_label: email },
      { action: "invitation.accepted", actor_id: accepted.user.id, target_label: email },
    ]);
  });

  it("someone who already has an account joins with it, and only with that account", async () => {
    const team = await createTeam();
    const existing = await createUser();
    const someoneElse = await createUser();
    const invitation = await asUser(team.owner.claims, (tx) =>
      createInvitation(tx, team.workspaceId, { email: existing.email, role: "agent" }),
    );
    expect(await asService((tx) => previewInvitation(tx, invitation.token))).toMatchObject({ accountExists: true });

    await expect(
      asService((tx) => acceptInvitation(tx, invitation.token, { kind: "new", password: "another-password", fullName: "X" })),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(
      asService((tx) => acceptInvitation(tx, invitation.token, { kind: "existing", userId: someoneElse.id })),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await roleOf(team.workspaceId, someoneElse.id)).toBeNull();

    await asService((tx) => acceptInvitation(tx, invitation.token, { kind: "existing", userId: existing.id }));
    expect(await roleOf(team.workspaceId, existing.id)).toBe("agent");
  });

  it("refuses an expired, revoked or unknown link, and a replaced one", async () => {
    const team = await createTeam();
    const email = newEmail();
    const first = await asUser(team.admin.claims, (tx) => createInvitation(tx, team.workspaceId, { email, role: "agent" }));
    // Inviting the same address again replaces the open invitation.
    const second = await asUser(team.admin.claims, (tx) => createInvitation(tx, team.workspaceId, { email, role: "admin" }));
    expect((await asUser(team.admin.claims, (tx) => listPendingInvitations(tx, team.workspaceId))).map((i) => i.id)).toEqual([second.id]);
    await expect(
      asService((tx) => acceptInvitation(tx, first.token, { kind: "new", password: "a-long-password", fullName: "A" })),
    ).rejects.toMatchObject({ message: "This invitation was withdrawn. Ask an admin for a new link." });

    const eightDaysLater = new Date(second.created_at.getTime() + 8 * 24 * 3600 * 1000);
    expect(await asService((tx) => previewInvitation(tx, second.token, eightDaysLater))).toMatchObject({ status: "expired" });
    const [listed] = await asUser(team.admin.claims, (tx) => listPendingInvitations(tx, team.workspaceId, eightDaysLater));
    expect(listed?.expired).toBe(true);
    await expect(
      asService((tx) => acceptInvitation(tx, second.token, { kind: "new", password: "a-long-password", fullName: "A" }, eightDaysLater)),
    ).rejects.toMatchObject({ code: "invalid", message: "This invitation has expired. Ask an admin for a new link." });

    await asUser(team.admin.claims, (tx) => revokeInvitation(tx, team.workspaceId, second.id));
    await expect(
      asService((tx) => acceptInvitation(tx, second.token, { kind: "new", password: "a-long-password", fullName: "A" })),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(
      asService((tx) => acceptInvitation(tx, "0".repeat(48), { kind: "new", password: "a-long-password", fullName: "A" })),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await asService((tx) => previewInvitation(tx, "0".repeat(48)))).toBeNull();

    const [account] = await asService((tx) => tx`select 1 from auth.users where email = ${email}`);
    expect(account).toBeUndefined();
    expect((await auditActions(team.workspaceId)).map((a) => a.action)).toEqual([
      "invitation.created",
      "invitation.created",
      "invitation.revoked",
    ]);
  });

  it("agents and other workspaces' admins can neither invite, list nor revoke; admins cannot invite owners", async () => {
    const team = await createTeam();
    const other = await createTeam();
    const invitation = await asUser(team.admin.claims, (tx) =>
      createInvitation(tx, team.workspaceId, { email: newEmail(), role: "agent" }),
    );

    for (const claims of [team.agent.claims, other.admin.claims]) {
      await expect(
        asUser(claims, (tx) => createInvitation(tx, team.workspaceId, { email: newEmail(), role: "agent" })),
      ).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(asUser(claims, (tx) => revokeInvitation(tx, team.workspaceId, invitation.id))).rejects.toMatchObject({
        code: "forbidden",
      });
      expect(await asUser(claims, (tx) => listPendingInvitations(tx, team.workspaceId))).toEqual([]);
      // Straight SQL as that user: RLS hides the rows and refuses the writes too.
      expect(await asUser(claims, (tx) => tx`select token from public.workspace_invitations where id = ${invitation.id}`)).toEqual([]);
      expect(
        await asUser(
          claims,
          (tx) => tx`update public.workspace_invitations set revoked_at = now() where id = ${invitation.id} returning id`,
        ),
      ).toEqual([]);
    }
    // Members may only revoke: the server alone marks an invitation accepted.
    await expect(
      asUser(team.admin.claims, (tx) => tx`update public.workspace_invitations set accepted_at = now() where id = ${invitation.id}`),
    ).rejects.toMatchObject({ code: "42501" });

    await expect(
      asUser(team.admin.claims, (tx) => createInvitation(tx, team.workspaceId, { email: newEmail(), role: "owner" })),
    ).rejects.toMatchObject({ code: "42501" });
    const owner = await asUser(team.owner.claims, (tx) => createInvitation(tx, team.workspaceId, { email: newEmail(), role: "owner" }));
    expect(owner.role).toBe("owner");

    await expect(
      asUser(team.admin.claims, (tx) => createInvitation(tx, team.workspaceId, { email: team.agent.email, role: "admin" })),
    ).rejects.toMatchObject({ code: "conflict", message: "That person is already a member of this workspace." });
    expect((await asUser(team.admin.claims, (tx) => listPendingInvitations(tx, team.workspaceId))).map((i) => i.id).sort()).toEqual(
      [invitation.id, owner.id].sort(),
    );
  });

  it("accepting twice at the same moment lets exactly one through", async () => {
    const team = await createTeam();
    const invitation = await asUser(team.admin.claims, (tx) =>
      createInvitation(tx, team.workspaceId, { email: newEmail(), role: "agent" }),
    );
    const results = await Promise.allSettled(
      [1, 2].map(() =>
        asService((tx) => acceptInvitation(tx, invitation.token, { kind: "new", password: "a-long-password", fullName: "Twin" })),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const members = await asService((tx) => tx`select 1 from public.workspace_members where workspace_id = ${team.workspaceId}`);
    expect(members).toHaveLength(4);
  });
});
