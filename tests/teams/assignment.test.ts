import { afterAll, describe, expect, it } from "vitest";
import type { ConversationStatus } from "@/lib/conversation-status";
import { asService, asUser, db } from "@/server/db/client";
import { assignAllQueues } from "@/server/inbox/assignment";
import { assignConversation } from "@/server/inbox/commands";
import { setConversationStatus } from "@/server/inbox/status";
import { stopQueue } from "@/server/jobs/queue";
import { expireStalePresence, PRESENCE_TIMEOUT_MINUTES, touchMyPresence } from "@/server/teams/availability";
import { updateTeam } from "@/server/teams/commands";
import { removeMember } from "@/server/workspaces/queries";
import { customerWrites } from "../support/webhooks";
import { assigneesOf, openLoad, phone, setAvailability, teamWorkspace } from "./support";

afterAll(() => stopQueue());

/** Customers 0..n-1 write one after the other (so "oldest" is well defined); their conversation ids. */
async function customersWrite(channel: Parameters<typeof customerWrites>[0], from: number, to: number) {
  const ids: string[] = [];
  for (let i = from; i < to; i += 1) ids.push((await customerWrites(channel, { from: phone(i) })).conversationId);
  return ids;
}

/** Through the inbox's and the API's one status path. */
const setStatus = (workspaceId: string, conversationId: string, status: ConversationStatus) =>
  asService((tx) =>
    setConversationStatus(
      tx,
      { workspaceId },
      conversationId,
      status === "snoozed" ? { status, snooze: { until: new Date(Date.now() + 3_600_000).toISOString() } } : { status },
    ),
  );

describe("auto-assignment", () => {
  it("gives new conversations on a number its default team, round-robin up to the cap, and queues the rest", async () => {
    const w = await teamWorkspace({ agents: 3, cap: 1 });
    for (const agent of w.agents) await setAvailability(w.workspaceId, agent, "online");
    const ids = await customersWrite(w.channel, 0, 5);

    const teams = await asService(
      (tx) => tx<{ team_id: string }[]>`select team_id from public.conversations where id = any(${ids}::uuid[])`,
    );
    expect(teams.map((row) => row.team_id)).toEqual(ids.map(() => w.teamId));
    expect(await assigneesOf(ids)).toEqual([w.agents[0]?.id, w.agents[1]?.id, w.agents[2]?.id, null, null]);

    // Resolving frees its agent, who takes the oldest queued conversation.
    await setStatus(w.workspaceId, ids[1] as string, "resolved");
    expect(await assigneesOf(ids)).toEqual([w.agents[0]?.id, w.agents[1]?.id, w.agents[2]?.id, w.agents[1]?.id, null]);
    // Snoozing frees too; pending still counts against the cap.
    await setStatus(w.workspaceId, ids[0] as string, "pending");
    expect((await assigneesOf(ids))[4]).toBeNull();
    await setStatus(w.workspaceId, ids[2] as string, "snoozed");
    expect((await assigneesOf(ids))[4]).toBe(w.agents[2]?.id);
  });

  it("walks the members in turn, skipping those who are away or offline", async () => {
    const w = await teamWorkspace({ agents: 3, cap: null });
    const [a, b, c] = w.agents as [(typeof w.agents)[0], (typeof w.agents)[0], (typeof w.agents)[0]];
    await setAvailability(w.workspaceId, a, "online");
    await setAvailability(w.workspaceId, b, "away");
    await setAvailability(w.workspaceId, c, "online");
    const ids = await customersWrite(w.channel, 0, 4);
    expect(await assigneesOf(ids)).toEqual([a.id, c.id, a.id, c.id]);
  });

  it("leaves the queue waiting while nobody is online, then assigns it oldest first to whoever comes online", async () => {
    const w = await teamWorkspace({ agents: 2, cap: 2 });
    const [a] = w.agents as [(typeof w.agents)[0]];
    const ids = await customersWrite(w.channel, 0, 3);
    expect(await assigneesOf(ids)).toEqual([null, null, null]);
    await setAvailability(w.workspaceId, a, "online");
    expect(await assigneesOf(ids)).toEqual([a.id, a.id, null]);
  });

  it("does not assign in teams without auto-assignment, and starts when it is turned on (or the cap raised)", async () => {
    const w = await teamWorkspace({ agents: 1, cap: 1, autoAssign: false });
    const [a] = w.agents as [(typeof w.agents)[0]];
    await setAvailability(w.workspaceId, a, "online");
    const ids = await customersWrite(w.channel, 0, 2);
    expect(await assigneesOf(ids)).toEqual([null, null]);
    const settings = { name: "Support", description: null, autoAssign: true, assignmentCap: 1 };
    await asUser(w.admin.claims, (tx) => updateTeam(tx, w.workspaceId, w.teamId, settings));
    expect(await assigneesOf(ids)).toEqual([a.id, null]);
    await asUser(w.admin.claims, (tx) => updateTeam(tx, w.workspaceId, w.teamId, { ...settings, assignmentCap: 5 }));
    expect(await assigneesOf(ids)).toEqual([a.id, a.id]);
  });

  it("puts a conversation an agent unassigns back in the queue, and a reassignment frees the previous agent", async () => {
    const w = await teamWorkspace({ agents: 2, cap: 1 });
    const [a, b] = w.agents as [(typeof w.agents)[0], (typeof w.agents)[0]];
    await setAvailability(w.workspaceId, a, "online");
    const ids = await customersWrite(w.channel, 0, 2);
    expect(await assigneesOf(ids)).toEqual([a.id, null]);
    // a hands the first one to b (offline): a is free and takes the queued one.
    await asUser(a.claims, (tx) => assignConversation(tx, { workspaceId: w.workspaceId, userId: a.id }, ids[0] as string, b.id));
    expect(await assigneesOf(ids)).toEqual([b.id, a.id]);
  });

  it("counts an agent offline once their tabs have been silent for the timeout, and back at their next heartbeat", async () => {
    const w = await teamWorkspace({ agents: 1, cap: null });
    const [a] = w.agents as [(typeof w.agents)[0]];
    await setAvailability(w.workspaceId, a, "online");
    const stale = new Date(Date.now() + (PRESENCE_TIMEOUT_MINUTES + 1) * 60_000);
    const fresh = new Date(Date.now() + (PRESENCE_TIMEOUT_MINUTES - 1) * 60_000);
    await asService((tx) => expireStalePresence(tx, fresh));
    const [first] = await customersWrite(w.channel, 0, 1);
    expect(await assigneesOf([first as string])).toEqual([a.id]);

    await asService((tx) => expireStalePresence(tx, stale));
    const [second] = await customersWrite(w.channel, 1, 2);
    expect(await assigneesOf([second as string])).toEqual([null]);
    // The heartbeat brings back what they chose (online), and with it the queue.
    await asUser(a.claims, (tx) => touchMyPresence(tx, w.workspaceId));
    expect(await assigneesOf([second as string])).toEqual([a.id]);
  });

  it("the sweep assigns what the triggers skipped because another transaction held it", async () => {
    const w = await teamWorkspace({ agents: 1, cap: null });
    const [a] = w.agents as [(typeof w.agents)[0]];
    const [id] = await customersWrite(w.channel, 0, 1);
    // Another transaction holds the queued row while the agent comes online: the assignment skips it (never waits).
    const holder = db().reserve();
    const conn = await holder;
    try {
      await conn`begin`;
      await conn`select 1 from public.conversations where id = ${id as string} for update`;
      await setAvailability(w.workspaceId, a, "online");
      expect(await assigneesOf([id as string])).toEqual([null]);
      await conn`commit`;
    } finally {
      conn.release();
    }
    expect(await asService(assignAllQueues)).toBeGreaterThanOrEqual(1);
    expect(await assigneesOf([id as string])).toEqual([a.id]);
  });

  it("never exceeds the cap under many parallel webhooks, and spreads them evenly", async () => {
    const w = await teamWorkspace({ agents: 3, cap: 2 });
    for (const agent of w.agents) await setAvailability(w.workspaceId, agent, "online");
    const writes = await Promise.all(Array.from({ length: 24 }, (_, i) => customerWrites(w.channel, { from: phone(i) })));
    const ids = writes.map((write) => write.conversationId);
    const load = await openLoad(w.workspaceId);
    expect(w.agents.map((agent) => load.get(agent.id))).toEqual([2, 2, 2]);
    expect((await assigneesOf(ids)).filter((assignee) => assignee === null)).toHaveLength(18);
  });

  it("records assignments by the automation with no actor, even when an agent's transaction caused them", async () => {
    const w = await teamWorkspace({ agents: 1, cap: 1 });
    const [a] = w.agents as [(typeof w.agents)[0]];
    await setAvailability(w.workspaceId, a, "online");
    const ids = await customersWrite(w.channel, 0, 2);
    // The agent resolves theirs; the next is assigned at the commit of *their* transaction.
    await asUser(a.claims, (tx) => setConversationStatus(tx, { workspaceId: w.workspaceId }, ids[0] as string, { status: "resolved" }));
    expect(await assigneesOf(ids)).toEqual([a.id, a.id]);
    const events = await asService(
      (tx) => tx<{ actor_id: string | null; to: string }[]>`
        select actor_id, data ->> 'to' as to from public.contact_events
        where workspace_id = ${w.workspaceId} and kind = 'conversation_assigned' and data ->> 'conversation_id' = ${ids[1] as string}`,
    );
    expect(events).toEqual([{ actor_id: null, to: a.id }]);
  });
});

describe("removing a member", () => {
  it("unassigns their unresolved conversations, which go back to the queue and to the next free agent", async () => {
    const w = await teamWorkspace({ agents: 2, cap: 5 });
    const [a, b] = w.agents as [(typeof w.agents)[0], (typeof w.agents)[0]];
    await setAvailability(w.workspaceId, a, "online");
    const ids = await customersWrite(w.channel, 0, 3);
    await setStatus(w.workspaceId, ids[2] as string, "resolved");
    expect(await assigneesOf(ids)).toEqual([a.id, a.id, a.id]);
    await setAvailability(w.workspaceId, b, "online");

    await asUser(w.admin.claims, (tx) => removeMember(tx, w.workspaceId, a.id));
    // Open ones to b; the resolved one keeps its history.
    expect(await assigneesOf(ids)).toEqual([b.id, b.id, a.id]);
    const teams = await asService((tx) => tx`select 1 from public.team_members where user_id = ${a.id}`);
    expect(teams).toHaveLength(0);
  });

  it("leaves them unassigned in the queue when the team does not auto-assign", async () => {
    const w = await teamWorkspace({ agents: 1, cap: null, autoAssign: false });
    const [a] = w.agents as [(typeof w.agents)[0]];
    const ids = await customersWrite(w.channel, 0, 1);
    await asService((tx) => tx`update public.conversations set assigned_to = ${a.id} where id = ${ids[0] as string}`);
    await asUser(w.admin.claims, (tx) => removeMember(tx, w.workspaceId, a.id));
    expect(await assigneesOf(ids)).toEqual([null]);
  });
});
