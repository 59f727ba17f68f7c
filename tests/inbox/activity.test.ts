import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as conversationById from "@/app/api/v1/conversations/[id]/route";
import { listTimeline } from "@/server/contacts/queries";
import { asService, asUser } from "@/server/db/client";
import { assignConversation } from "@/server/inbox/commands";
import { listMessages } from "@/server/inbox/queries";
import { setConversationStatus } from "@/server/inbox/status";
import { stopQueue } from "@/server/jobs/queue";
import { apiRequest, createKey, params, read } from "../support/api";
import { createTeam } from "../support/fixtures";
import { createChannel, customerWrites, type TestChannel } from "../support/webhooks";

let a: Awaited<ReturnType<typeof createTeam>>;
let b: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
const phone = () => `62814${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;

async function activityOf(conversationId: string) {
  return asService(
    (tx) => tx<{ kind: string; actor_id: string | null; data: Record<string, unknown> }[]>`
      select kind, actor_id, data from public.conversation_activity where conversation_id = ${conversationId}
      order by created_at, id`,
  );
}

beforeAll(async () => {
  a = await createTeam();
  b = await createTeam();
  channel = await createChannel({ workspaceId: a.workspaceId });
});
afterAll(() => stopQueue());

describe("activity lines", () => {
  it("the inbox's path: assignments, statuses and snoozes, each by the member who acted", async () => {
    const { conversationId } = await customerWrites(channel, { from: phone() });
    const agent = { workspaceId: a.workspaceId, userId: a.agent.id };
    const admin = { workspaceId: a.workspaceId, userId: a.admin.id };
    const until = new Date(Date.now() + 7_200_000).toISOString();
    await asUser(a.admin.claims, (tx) => assignConversation(tx, admin, conversationId, a.agent.id));
    await asUser(a.agent.claims, (tx) => setConversationStatus(tx, agent, conversationId, { status: "pending" }));
    await asUser(a.agent.claims, (tx) => setConversationStatus(tx, agent, conversationId, { status: "snoozed", snooze: { until } }));
    await asUser(a.agent.claims, (tx) => setConversationStatus(tx, agent, conversationId, { status: "resolved" }));
    await asUser(a.admin.claims, (tx) => assignConversation(tx, admin, conversationId, null));

    expect(await activityOf(conversationId)).toEqual([
      { kind: "assigned", actor_id: a.admin.id, data: { to: a.agent.id } },
      { kind: "status_changed", actor_id: a.agent.id, data: { from: "open", to: "pending" } },
      { kind: "snoozed", actor_id: a.agent.id, data: { from: "pending", until: expect.any(String) } },
      { kind: "status_changed", actor_id: a.agent.id, data: { from: "snoozed", to: "resolved" } },
      { kind: "unassigned", actor_id: a.admin.id, data: { from: a.agent.id } },
    ]);
    // Nothing for updates that change none of it (every new message updates the conversation).
    await customerWrites(channel, { from: phone() });
    expect(await activityOf(conversationId)).toHaveLength(5);
  });

  it("the API's path: no member as actor, the key's id in the data", async () => {
    const { conversationId } = await customerWrites(channel, { from: phone() });
    const { key, id: keyId } = await createKey(a, "write");
    const answer = await read(
      conversationById.PATCH(
        apiRequest("PATCH", `/conversations/${conversationId}`, { key, body: { status: "pending" } }),
        params({ id: conversationId }),
      ),
    );
    expect(answer.status).toBe(200);
    expect(await activityOf(conversationId)).toEqual([
      { kind: "status_changed", actor_id: null, data: { from: "open", to: "pending", api_key_id: keyId } },
    ]);
  });

  it("come with the thread's page, by time, never in the API's messages", async () => {
    const from = phone();
    const { conversationId } = await customerWrites(channel, { from, at: new Date(Date.now() - 60_000) });
    const agent = { workspaceId: a.workspaceId, userId: a.agent.id };
    await asUser(a.agent.claims, (tx) => assignConversation(tx, agent, conversationId, a.agent.id));
    await asUser(a.agent.claims, (tx) => setConversationStatus(tx, agent, conversationId, { status: "resolved" }));
    await customerWrites(channel, { from, text: "Satu lagi" });

    const page = await asUser(a.agent.claims, (tx) => listMessages(tx, a.workspaceId, conversationId, { limit: 50, activity: true }));
    expect(page.activity.map((line) => [line.kind, line.actor_id, line.data.to ?? null, line.data.via ?? null])).toEqual([
      ["assigned", a.agent.id, a.agent.id, null],
      ["status_changed", a.agent.id, "resolved", null],
      ["status_changed", null, "open", "customer_message"],
    ]);
    expect(page.messages).toHaveLength(2);
    const withoutActivity = await asUser(a.agent.claims, (tx) => listMessages(tx, a.workspaceId, conversationId, { limit: 50 }));
    expect(withoutActivity.activity).toEqual([]);
  });

  it("an older page brings the lines of its own span", async () => {
    const from = phone();
    const start = Math.floor(Date.now() / 1000) * 1000 - 600_000;
    const { conversationId } = await customerWrites(channel, { from, at: new Date(start) });
    const agent = { workspaceId: a.workspaceId, userId: a.agent.id };
    await asUser(a.agent.claims, (tx) => assignConversation(tx, agent, conversationId, a.agent.id));
    // The line is written now; messages after it (by their time) are newer.
    await asService(
      (tx) => tx`update public.conversation_activity set created_at = ${new Date(start + 1000)} where conversation_id = ${conversationId}`,
    );
    await customerWrites(channel, { from, at: new Date(start + 2000) });
    await customerWrites(channel, { from, at: new Date(start + 3000) });

    const newest = await asUser(a.agent.claims, (tx) => listMessages(tx, a.workspaceId, conversationId, { limit: 2, activity: true }));
    expect(newest.activity).toEqual([]);
    const older = await asUser(a.agent.claims, (tx) =>
      listMessages(tx, a.workspaceId, conversationId, { limit: 2, before: newest.olderCursor, activity: true }),
    );
    expect(older.activity.map((line) => line.kind)).toEqual(["assigned"]);
  });

  it("appear in the contact's timeline (assignments are its own conversation_assigned events)", async () => {
    const { conversationId, contactId } = await customerWrites(channel, { from: phone() });
    const agent = { workspaceId: a.workspaceId, userId: a.agent.id };
    await asUser(a.agent.claims, (tx) => assignConversation(tx, agent, conversationId, a.agent.id));
    await asUser(a.agent.claims, (tx) => setConversationStatus(tx, agent, conversationId, { status: "resolved" }));
    const timeline = await asUser(a.agent.claims, (tx) => listTimeline(tx, a.workspaceId, contactId, { limit: 20 }));
    // Newest first; the customer's message and the contact's creation come before them.
    expect(timeline.items.slice(0, 2).map((item) => [item.kind, item.kind === "conversation_activity" ? item.data : null])).toEqual([
      ["conversation_activity", { activity: "status_changed", conversation_id: conversationId, from: "open", to: "resolved" }],
      ["conversation_assigned", null],
    ]);
    expect(timeline.items.map((item) => item.kind).sort()).toEqual([
      "conversation_activity",
      "conversation_assigned",
      "created",
      "message",
    ]);
  });
});

describe("who sees and writes activity (RLS)", () => {
  it("another workspace's member sees none of it and cannot write into it", async () => {
    const { conversationId } = await customerWrites(channel, { from: phone() });
    const agent = { workspaceId: a.workspaceId, userId: a.agent.id };
    await asUser(a.agent.claims, (tx) => setConversationStatus(tx, agent, conversationId, { status: "resolved" }));

    const seen = await asUser(
      b.agent.claims,
      (tx) => tx`select 1 from public.conversation_activity where conversation_id = ${conversationId}`,
    );
    expect(seen).toHaveLength(0);
    const thread = await asUser(b.agent.claims, (tx) => listMessages(tx, a.workspaceId, conversationId, { limit: 50, activity: true }));
    expect(thread.activity).toEqual([]);
    await expect(
      asUser(
        b.agent.claims,
        (tx) => tx`insert into public.conversation_activity (workspace_id, conversation_id, kind, data)
                   values (${a.workspaceId}, ${conversationId}, 'label_added', '{"name":"spam"}')`,
      ),
    ).rejects.toMatchObject({ code: "42501" });
    expect(await activityOf(conversationId)).toHaveLength(1);
  });

  it("members write label lines only, in their own name whatever the row says", async () => {
    const { conversationId } = await customerWrites(channel, { from: phone() });
    await asUser(
      a.agent.claims,
      (tx) => tx`insert into public.conversation_activity (workspace_id, conversation_id, kind, actor_id, data)
                 values (${a.workspaceId}, ${conversationId}, 'label_added', ${a.owner.id}, '{"name":"vip"}')`,
    );
    expect(await activityOf(conversationId)).toEqual([{ kind: "label_added", actor_id: a.agent.id, data: { name: "vip" } }]);
    await expect(
      asUser(
        a.agent.claims,
        (tx) => tx`insert into public.conversation_activity (workspace_id, conversation_id, kind, data)
                   values (${a.workspaceId}, ${conversationId}, 'status_changed', '{"from":"open","to":"resolved"}')`,
      ),
    ).rejects.toMatchObject({ code: "42501" });
  });
});
