import { afterAll, describe, expect, it } from "vitest";
import * as conversationById from "@/app/api/v1/conversations/[id]/route";
import * as conversationsRoute from "@/app/api/v1/conversations/route";
import * as teamsRoute from "@/app/api/v1/teams/route";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhook-events";
import { EVENT_DATA, eventEnvelope } from "@/server/api/webhook-event-schemas";
import { asService, asUser } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { dispatchOutbox } from "@/server/outhooks/dispatch";
import { createSubscription } from "@/server/outhooks/subscriptions";
import { apiRequest, createKey, params, read } from "../support/api";
import { customerWrites } from "../support/webhooks";
import { phone, setAvailability, teamWorkspace } from "./support";

afterAll(() => stopQueue());

describe("/api/v1 teams", () => {
  it("GET /teams lists the workspace's teams with their members, and no other workspace's", async () => {
    const w = await teamWorkspace({ agents: 2, cap: 3 });
    await teamWorkspace({ agents: 1, cap: null });
    const { key } = await createKey(w, "read");
    const { status, body } = await read<{ data: Record<string, unknown>[] }>(teamsRoute.GET(apiRequest("GET", "/teams", { key })));
    expect(status).toBe(200);
    expect(body.data).toEqual([
      {
        id: w.teamId,
        name: expect.any(String),
        description: null,
        auto_assign: true,
        assignment_cap: 3,
        member_ids: expect.arrayContaining(w.agents.map((a) => a.id)),
      },
    ]);
  });

  it("PATCH /conversations/{id} moves it to a team, whose auto-assignment takes it; another workspace's team is refused", async () => {
    const w = await teamWorkspace({ agents: 1, cap: null });
    const [agent] = w.agents as [(typeof w.agents)[0]];
    await asService((tx) => tx`update public.whatsapp_channels set default_team_id = null where id = ${w.channel.id}`);
    const { conversationId } = await customerWrites(w.channel, { from: phone(1) });
    await setAvailability(w.workspaceId, agent, "online");
    const { key } = await createKey(w, "write");
    const patch = (body: unknown, apiKey = key) =>
      read(
        conversationById.PATCH(
          apiRequest("PATCH", `/conversations/${conversationId}`, { key: apiKey, body }),
          params({ id: conversationId }),
        ),
      );

    const moved = await patch({ team_id: w.teamId });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: conversationId, team_id: w.teamId, assigned_to: agent.id });

    const stranger = await teamWorkspace({ agents: 0, cap: null });
    expect((await patch({ team_id: stranger.teamId })).status).toBe(422);
    expect((await patch({ team_id: null }, (await createKey(w, "read")).key)).status).toBe(403);
    const [row] = await asService((tx) => tx`select team_id from public.conversations where id = ${conversationId}`);
    expect(row?.team_id).toBe(w.teamId);
  });

  it("PATCH /conversations/{id} assigns to a member and unassigns, naming the key in the activity; a non-member is refused", async () => {
    const w = await teamWorkspace({ agents: 1, cap: null, autoAssign: false });
    const [agent] = w.agents as [(typeof w.agents)[0]];
    const { conversationId } = await customerWrites(w.channel, { from: phone(3) });
    const { key, id: keyId } = await createKey(w, "write");
    const patch = (body: unknown) =>
      read<{ assigned_to: string | null }>(
        conversationById.PATCH(apiRequest("PATCH", `/conversations/${conversationId}`, { key, body }), params({ id: conversationId })),
      );

    const assigned = await patch({ assigned_to: agent.id });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assigned_to).toBe(agent.id);
    const [line] = await asService(
      (tx) => tx<{ kind: string; data: Record<string, unknown> }[]>`
        select kind, data from public.conversation_activity where conversation_id = ${conversationId} order by created_at desc, id desc limit 1`,
    );
    expect(line).toEqual({ kind: "assigned", data: { to: agent.id, api_key_id: keyId } });
    // The agent is told, by nobody in person: the key is no user (its id as actor broke the request once).
    const notified = await asService(
      (tx) => tx`select kind, actor_user_id from public.notifications
               where conversation_id = ${conversationId} and user_id = ${agent.id} and kind = 'assignment'`,
    );
    expect(notified).toEqual([{ kind: "assignment", actor_user_id: null }]);

    const outsider = await teamWorkspace({ agents: 1, cap: null });
    expect((await patch({ assigned_to: outsider.agents[0]?.id })).status).toBe(422);
    expect((await patch({ assigned_to: null })).body.assigned_to).toBeNull();
  });

  it("GET /conversations?team= lists one team's conversations, or with `none` those without a team", async () => {
    const w = await teamWorkspace({ agents: 0, cap: null });
    const inTeam = await customerWrites(w.channel, { from: phone(1) });
    await asService((tx) => tx`update public.whatsapp_channels set default_team_id = null where id = ${w.channel.id}`);
    const noTeam = await customerWrites(w.channel, { from: phone(2) });
    const { key } = await createKey(w, "read");
    const list = async (team: string) => {
      const { status, body } = await read<{ data: { id: string }[] }>(
        conversationsRoute.GET(apiRequest("GET", `/conversations?team=${team}`, { key })),
      );
      expect(status).toBe(200);
      return body.data.map((c) => c.id);
    };
    expect(await list(w.teamId)).toEqual([inTeam.conversationId]);
    expect(await list("none")).toEqual([noTeam.conversationId]);
    expect((await read(conversationsRoute.GET(apiRequest("GET", "/conversations?team=nobody", { key })))).status).toBe(422);
  });
});

describe("outbound webhooks", () => {
  it("conversation.assigned by the automation carries the conversation's team", async () => {
    const w = await teamWorkspace({ agents: 1, cap: null });
    const [agent] = w.agents as [(typeof w.agents)[0]];
    await asUser(w.admin.claims, (tx) =>
      createSubscription(
        tx,
        { workspaceId: w.workspaceId, userId: w.admin.id },
        { url: "https://hooks.example.com/conversa", events: [...WEBHOOK_EVENT_TYPES] },
      ),
    );
    await setAvailability(w.workspaceId, agent, "online");
    const { conversationId } = await customerWrites(w.channel, { from: phone(1) });
    while ((await dispatchOutbox()) > 0) {}
    const [event] = await asService(
      (tx) => tx<{ payload: unknown }[]>`
        select payload from public.webhook_outbox where workspace_id = ${w.workspaceId} and type = 'conversation.assigned'`,
    );
    const payload = eventEnvelope("conversation.assigned", EVENT_DATA["conversation.assigned"]).parse(event?.payload);
    expect(payload.data).toMatchObject({ assigned_to: agent.id, previous_assigned_to: null });
    expect(payload.data.conversation).toMatchObject({ id: conversationId, team_id: w.teamId, assigned_to: agent.id });
  });
});
