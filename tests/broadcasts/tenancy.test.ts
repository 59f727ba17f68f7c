import { beforeAll, describe, expect, it } from "vitest";
import { pauseBroadcast } from "@/server/broadcasts/commands";
import { getBroadcast, listRecipients } from "@/server/broadcasts/queries";
import { runBroadcast } from "@/server/broadcasts/run";
import { setAgentsSendBroadcasts } from "@/server/broadcasts/settings";
import { asService, asUser } from "@/server/db/client";
import { eventData } from "@/server/outhooks/payloads";
import { createTeam } from "../support/fixtures";
import { createChannel, type TestChannel } from "../support/webhooks";
import { approvedTemplate, create, insertContacts, recipients } from "./support";

let team: Awaited<ReturnType<typeof createTeam>>;
let other: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
let templateId: string;
let broadcastId: string;

beforeAll(async () => {
  [team, other] = await Promise.all([createTeam(), createTeam()]);
  channel = await createChannel({ workspaceId: team.workspaceId });
  templateId = (await approvedTemplate(team.workspaceId, channel.wabaId)).id;
  const tag = `rls-${Date.now()}`;
  await insertContacts(team.workspaceId, [{ tags: [tag] }]);
  broadcastId = (
    await create(team.admin, team.workspaceId, { channelId: channel.id, templateId, csv: null, filter: { tags: [tag] }, start: "now" })
  ).id;
  await runBroadcast(broadcastId);
});

const input = () => ({ channelId: channel.id, templateId, csv: null, filter: {}, start: null });

describe("who may send broadcasts", () => {
  it("agents may not, until an admin allows it (checked in the command and by RLS)", async () => {
    await expect(create(team.agent, team.workspaceId, input())).rejects.toMatchObject({ code: "forbidden" });
    // Past the command, straight into the table: RLS refuses too.
    await expect(
      asUser(
        team.agent.claims,
        (tx) => tx`
          insert into public.broadcasts (workspace_id, name, channel_id, template_name, template_language)
          values (${team.workspaceId}, 'Sneaky', ${channel.id}, 'x', 'en')`,
      ),
    ).rejects.toMatchObject({ code: "42501" });
    const paused = await asUser(
      team.agent.claims,
      (tx) => tx`update public.broadcasts set state = 'paused' where id = ${broadcastId} returning id`,
    );
    expect(paused).toHaveLength(0);
    await expect(
      asUser(team.agent.claims, (tx) => pauseBroadcast(tx, { workspaceId: team.workspaceId, userId: team.agent.id }, broadcastId)),
    ).rejects.toMatchObject({ code: "forbidden" });

    // An agent cannot turn the setting on; an admin can, and it is audited.
    await expect(asUser(team.agent.claims, (tx) => setAgentsSendBroadcasts(tx, team.workspaceId, true))).rejects.toMatchObject({
      code: "forbidden",
    });
    await asUser(team.admin.claims, (tx) => setAgentsSendBroadcasts(tx, team.workspaceId, true));
    const draft = await create(team.agent, team.workspaceId, input());
    expect(draft.state).toBe("draft");
    await asUser(team.admin.claims, (tx) => setAgentsSendBroadcasts(tx, team.workspaceId, false));
    await expect(create(team.agent, team.workspaceId, input())).rejects.toMatchObject({ code: "forbidden" });
  });

  it("members read their workspace's broadcasts and recipients but never write recipients", async () => {
    const detail = await asUser(team.agent.claims, (tx) => getBroadcast(tx, team.workspaceId, broadcastId));
    expect(detail.counts.total).toBe(1);
    await expect(
      asUser(team.admin.claims, (tx) => tx`update public.broadcast_recipients set state = 'read' where broadcast_id = ${broadcastId}`),
    ).rejects.toMatchObject({ code: "42501" });
    expect((await recipients(broadcastId))[0]?.state).toBe("queued");
  });

  it("another workspace sees nothing of them, even naming their ids", async () => {
    await expect(asUser(other.owner.claims, (tx) => getBroadcast(tx, team.workspaceId, broadcastId))).rejects.toMatchObject({
      code: "not_found",
    });
    const page = await asUser(other.owner.claims, (tx) => listRecipients(tx, team.workspaceId, broadcastId, { limit: 10 }));
    expect(page.items).toEqual([]);
    const rows = await asUser(
      other.owner.claims,
      (tx) => tx`select id from public.broadcasts where id = ${broadcastId}
                 union all select id from public.broadcast_recipients where broadcast_id = ${broadcastId}`,
    );
    expect(rows).toEqual([]);
    const updated = await asUser(
      other.owner.claims,
      (tx) => tx`update public.broadcasts set state = 'cancelled' where id = ${broadcastId} returning id`,
    );
    expect(updated).toEqual([]);
  });

  it("the broadcast webhook events carry the broadcast with its counts", async () => {
    const data = await asService((tx) =>
      eventData(tx, {
        id: broadcastId,
        workspace_id: team.workspaceId,
        type: "broadcast.started",
        entity_id: broadcastId,
        changes: { state: "sending" },
        created_at: new Date().toISOString(),
      }),
    );
    expect(data).toMatchObject({ broadcast: { id: broadcastId, counts: { total: 1, queued: 1 } }, state: "sending" });
  });
});
