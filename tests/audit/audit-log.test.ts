import { describe, expect, it } from "vitest";
import { listAuditEntries } from "@/server/audit/queries";
import { recordAudit } from "@/server/audit/record";
import { asService, asUser } from "@/server/db/client";
import { createTeam, createUser } from "../support/fixtures";

const entryCount = async (workspaceId: string) => {
  const [row] = await asService(
    (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.audit_log where workspace_id = ${workspaceId}`,
  );
  return row?.n ?? 0;
};

describe("audit log", () => {
  it("records the signed-in user as the actor, whatever the caller passes", async () => {
    const team = await createTeam();
    await asUser(team.agent.claims, (tx) =>
      recordAudit(tx, {
        workspaceId: team.workspaceId,
        action: "data.exported",
        target: { type: "export", id: "contacts", label: "Contacts (CSV)" },
        details: { rows: 12 },
        actorId: team.owner.id,
      }),
    );
    const [entry] = await asService((tx) => tx`select * from public.audit_log where workspace_id = ${team.workspaceId}`);
    expect(entry).toMatchObject({
      actor_id: team.agent.id,
      actor_email: team.agent.email,
      action: "data.exported",
      target_type: "export",
      target_id: "contacts",
      target_label: "Contacts (CSV)",
      details: { rows: 12 },
    });
    // Someone outside the workspace cannot write into its log.
    const stranger = await createUser();
    await expect(
      asUser(stranger.claims, (tx) => recordAudit(tx, { workspaceId: team.workspaceId, action: "contact.deleted" })),
    ).rejects.toMatchObject({ code: "42501" });
    expect(await entryCount(team.workspaceId)).toBe(1);
  });

  it("is read by admins only, and changed or deleted by nobody", async () => {
    const team = await createTeam();
    await asUser(team.owner.claims, (tx) => recordAudit(tx, { workspaceId: team.workspaceId, action: "channel.connected" }));
    const other = await createTeam();

    expect((await asUser(team.admin.claims, (tx) => listAuditEntries(tx, team.workspaceId))).entries).toHaveLength(1);
    expect((await asUser(team.agent.claims, (tx) => listAuditEntries(tx, team.workspaceId))).entries).toEqual([]);
    expect((await asUser(other.owner.claims, (tx) => listAuditEntries(tx, team.workspaceId))).entries).toEqual([]);

    for (const claims of [team.owner.claims, team.admin.claims]) {
      await expect(
        asUser(claims, (tx) => tx`update public.audit_log set action = 'channel.disconnected' where workspace_id = ${team.workspaceId}`),
      ).rejects.toMatchObject({ code: "42501" });
      await expect(asUser(claims, (tx) => tx`delete from public.audit_log where workspace_id = ${team.workspaceId}`)).rejects.toMatchObject(
        {
          code: "42501",
        },
      );
      await expect(
        asUser(claims, (tx) => tx`insert into public.audit_log (workspace_id, action) values (${team.workspaceId}, 'member.removed')`),
      ).rejects.toMatchObject({ code: "42501" });
    }
    // Not the service role either (no privilege), nor the table's owner (the trigger).
    await expect(
      asService((tx) => tx`update public.audit_log set details = '{}' where workspace_id = ${team.workspaceId}`),
    ).rejects.toMatchObject({
      code: "42501",
    });
    await expect(asService((tx) => tx`delete from public.audit_log where workspace_id = ${team.workspaceId}`)).rejects.toMatchObject({
      code: "42501",
    });
    await expect(
      asService(async (tx) => {
        await tx`reset role`;
        await tx`update public.audit_log set action = 'member.left' where workspace_id = ${team.workspaceId}`;
      }),
    ).rejects.toMatchObject({ code: "CV403" });
    await expect(
      asService(async (tx) => {
        await tx`reset role`;
        await tx`delete from public.audit_log where workspace_id = ${team.workspaceId}`;
      }),
    ).rejects.toMatchObject({ code: "CV403" });
    const [entry] = await asService((tx) => tx`select action from public.audit_log where workspace_id = ${team.workspaceId}`);
    expect(entry).toEqual({ action: "channel.connected" });

    // Deleting the whole workspace takes its log with it.
    await asUser(team.owner.claims, (tx) => tx`delete from public.workspaces where id = ${team.workspaceId}`);
    expect(await entryCount(team.workspaceId)).toBe(0);
  });

  it("pages newest first and filters by action and by actor", async () => {
    const team = await createTeam();
    for (let i = 0; i < 120; i++) {
      const claims = i % 3 === 0 ? team.owner.claims : team.admin.claims;
      await asUser(claims, (tx) =>
        recordAudit(tx, {
          workspaceId: team.workspaceId,
          action: i % 2 === 0 ? "contact.deleted" : "contact.merged",
          target: { type: "contact", id: String(i) },
        }),
      );
    }
    const read = (filter: Parameters<typeof listAuditEntries>[2]) =>
      asUser(team.admin.claims, (tx) => listAuditEntries(tx, team.workspaceId, filter));

    const first = await read({});
    expect(first.entries.map((e) => e.target_id)).toEqual(Array.from({ length: 50 }, (_, i) => String(119 - i)));
    expect(first.newer).toBeNull();
    const second = await read({ before: first.older ?? undefined });
    const third = await read({ before: second.older ?? undefined });
    expect(second.entries[0]?.target_id).toBe("69");
    expect(third.entries.map((e) => e.target_id)).toEqual(Array.from({ length: 20 }, (_, i) => String(19 - i)));
    expect(third.older).toBeNull();
    // Back from the last page to the one before it.
    const back = await read({ after: third.newer ?? undefined });
    expect(back.entries.map((e) => e.id)).toEqual(second.entries.map((e) => e.id));
    expect(back.newer).not.toBeNull();

    const merged = await read({ action: "contact.merged" });
    expect(merged.entries).toHaveLength(50);
    expect(merged.entries.every((e) => e.action === "contact.merged")).toBe(true);
    const byOwner = await read({ actorId: team.owner.id, action: "contact.deleted" });
    // i % 3 === 0 and i even: i = 0, 6, …, 114.
    expect(byOwner.entries.map((e) => Number(e.target_id))).toEqual(Array.from({ length: 20 }, (_, i) => 114 - 6 * i));
  });
});
