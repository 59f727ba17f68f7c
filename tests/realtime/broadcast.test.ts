import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserClaims } from "@/server/db/claims";
import { asService, asUser, db } from "@/server/db/client";
import { listConversations } from "@/server/inbox/queries";
import { liveTopics } from "@/server/realtime/topics";
import { createConversation, createTeam, createUser, insertMessage, type TestUser, unique } from "../support/fixtures";

const setBroadcast = (on: boolean) => db()`update private.platform_settings set broadcast_changes = ${on}`;

/** What the triggers broadcast on a topic (read as the table's owner, past RLS). */
const broadcasts = (topic: string) =>
  db()<{ event: string; payload: Record<string, unknown>; private: boolean; extension: string }[]>`
    select event, payload, private, extension from realtime.messages
    where topic = ${topic} order by inserted_at, id`;

/** What Realtime's authorization sees: the channel's topic set, as the subscriber, under RLS. */
const visibleTo = (claims: UserClaims, topic: string) =>
  asUser(claims, async (tx) => {
    await tx`select set_config('realtime.topic', ${topic}, true)`;
    const [row] = await tx<{ n: number }[]>`select count(*)::int as n from realtime.messages where topic = ${topic}`;
    return row?.n ?? 0;
  });

let team: Awaited<ReturnType<typeof createTeam>>;

beforeAll(async () => {
  team = await createTeam();
});

afterAll(() => setBroadcast(false));

describe("Supabase Realtime broadcasts", () => {
  it("are off on plain PostgreSQL unless turned on: no Realtime server reads them here", async () => {
    const [settings] = await db()<{ broadcast_changes: boolean }[]>`select broadcast_changes from private.platform_settings`;
    expect(settings?.broadcast_changes).toBe(false);
    const quiet = await createTeam();
    const { conversationId } = await createConversation(quiet.workspaceId);
    await insertMessage(quiet.workspaceId, conversationId, { direction: "inbound", sentAt: new Date() });
    const [left] = await db()<
      { n: number }[]
    >`select count(*)::int as n from realtime.messages where topic like ${`workspace:${quiet.workspaceId}%`}`;
    expect(left?.n).toBe(0);
  });

  it("carry the list item, the same a refetch returns, to the topics of those who may see it", async () => {
    await setBroadcast(true);
    const topic = `workspace:${team.workspaceId}`;
    const { conversationId } = await createConversation(team.workspaceId);
    const messageId = await insertMessage(team.workspaceId, conversationId, { direction: "inbound", sentAt: new Date() });
    const [listed] = (
      await asUser(team.owner.claims, (tx) => listConversations(tx, team.workspaceId, { userId: team.owner.id, filter: {}, limit: 1 }))
    ).items;
    expect(listed?.id).toBe(conversationId);
    for (const audience of [topic, `${topic}:unassigned`]) {
      const sent = await broadcasts(audience);
      for (const row of sent) expect(row).toMatchObject({ private: true, extension: "broadcast" });
      // The latest state of the row is exactly the list's.
      expect(sent.filter((row) => row.event === "conversation").at(-1)?.payload.conversation).toEqual(listed);
      expect(sent.map((row) => row.payload)).toContainEqual(
        expect.objectContaining({ table: "messages", op: "insert", id: messageId, conversation_id: conversationId }),
      );
    }
    // Under Realtime's payload limit by far.
    expect(JSON.stringify(listed).length).toBeLessThan(2_000);
  });

  it("carry a delivery status of the row's last message: the row's ticks move like any change of it", async () => {
    await setBroadcast(true);
    const topic = `workspace:${team.workspaceId}`;
    const { conversationId } = await createConversation(team.workspaceId);
    const reply = await insertMessage(team.workspaceId, conversationId, { direction: "outbound", sentAt: new Date() });
    await asService((tx) => tx`update public.messages set status = 'read' where id = ${reply}`);
    const rows = (await broadcasts(topic)).flatMap((b) =>
      b.event === "conversation" && (b.payload.conversation as { id?: string }).id === conversationId ? [b.payload.conversation] : [],
    );
    expect(rows.at(-1)).toMatchObject({ last_message_status: "read" });
  });

  it("follow a reassignment: the new assignee's topic gets the row, the topics that lose it get 'gone'", async () => {
    await setBroadcast(true);
    const topic = `workspace:${team.workspaceId}`;
    const { conversationId } = await createConversation(team.workspaceId);
    await insertMessage(team.workspaceId, conversationId, { direction: "inbound", sentAt: new Date() });
    await asService((tx) => tx`update public.conversations set assigned_to = ${team.agent.id} where id = ${conversationId}`);
    // The same transaction also broadcasts the "assigned" activity line: its order among them is not the point.
    const mine = (await broadcasts(`${topic}:user:${team.agent.id}`)).map((b) => b.payload);
    expect(mine).toContainEqual(
      expect.objectContaining({ conversation: expect.objectContaining({ id: conversationId, assigned_to: team.agent.id }) }),
    );
    expect((await broadcasts(`${topic}:unassigned`)).map((b) => b.payload)).toContainEqual(
      expect.objectContaining({ gone: conversationId }),
    );
  });

  it("admit a restricted agent to their own, their teams' and the unassigned topics only", async () => {
    await setBroadcast(true);
    const restricted = await createTeam();
    const other = await createUser();
    const [squad, foreign] = await asService(async (tx) => {
      await tx`update public.workspaces set conversation_visibility = 'own_team_unassigned' where id = ${restricted.workspaceId}`;
      await tx`insert into public.workspace_members (workspace_id, user_id, role) values (${restricted.workspaceId}, ${other.id}, 'agent')`;
      const teams = await tx<{ id: string }[]>`
        insert into public.teams (workspace_id, name) values (${restricted.workspaceId}, ${unique("Squad")}), (${restricted.workspaceId}, ${unique("Other")})
        returning id`;
      await tx`insert into public.team_members (workspace_id, team_id, user_id) values (${restricted.workspaceId}, ${teams[0]?.id ?? ""}, ${restricted.agent.id})`;
      return teams.map((t) => t.id);
    });
    if (!squad || !foreign) throw new Error("no teams");
    // Something on every topic.
    const { conversationId } = await createConversation(restricted.workspaceId);
    await insertMessage(restricted.workspaceId, conversationId, { direction: "inbound", sentAt: new Date() });
    for (const [assignee, teamId] of [
      [restricted.agent.id, null],
      [other.id, null],
      [other.id, squad],
      [other.id, foreign],
    ] as const) {
      await asService(
        (tx) => tx`update public.conversations set assigned_to = ${assignee}, team_id = ${teamId} where id = ${conversationId}`,
      );
    }
    const topic = `workspace:${restricted.workspaceId}`;
    const agent: TestUser = restricted.agent;
    expect(await asUser(agent.claims, (tx) => liveTopics(tx, restricted.workspaceId, agent.id))).toEqual(
      expect.arrayContaining([`${topic}:user:${agent.id}`, `${topic}:unassigned`, `${topic}:team:${squad}`]),
    );
    for (const allowed of [`${topic}:user:${agent.id}`, `${topic}:unassigned`, `${topic}:team:${squad}`]) {
      expect(await visibleTo(agent.claims, allowed)).toBeGreaterThan(0);
    }
    // The attacker's side: another agent's topic, a team they are not in, the workspace's whole topic.
    for (const denied of [`${topic}:user:${other.id}`, `${topic}:team:${foreign}`, topic, `${topic}:user:${other.id}:x`]) {
      expect(await visibleTo(agent.claims, denied)).toBe(0);
    }
    // The owner sees everything, on the workspace's topic.
    expect(await asUser(restricted.owner.claims, (tx) => liveTopics(tx, restricted.workspaceId, restricted.owner.id))).toEqual([topic]);
    expect(await visibleTo(restricted.owner.claims, topic)).toBeGreaterThan(0);
  });

  it("reach the workspace's members only", async () => {
    await setBroadcast(true);
    const { conversationId } = await createConversation(team.workspaceId);
    await insertMessage(team.workspaceId, conversationId, { direction: "inbound", sentAt: new Date() });
    const topic = `workspace:${team.workspaceId}`;
    expect(await visibleTo(team.agent.claims, topic)).toBeGreaterThan(0);
    expect(await visibleTo(team.owner.claims, topic)).toBeGreaterThan(0);

    const outsider = await createUser();
    expect(await visibleTo(outsider.claims, topic)).toBe(0);
    expect(await visibleTo(outsider.claims, `${topic}:unassigned`)).toBe(0);
    expect(await visibleTo(outsider.claims, `${topic}:user:${outsider.id}`)).toBe(0);
    // A member of another workspace, whatever topic it names.
    const other = await createTeam();
    expect(await visibleTo(other.agent.claims, topic)).toBe(0);
    expect(await visibleTo(other.agent.claims, "not-a-workspace")).toBe(0);
  });

  it("cannot be forged from a client: members may not write to a workspace's topic", async () => {
    const topic = `workspace:${team.workspaceId}`;
    const forged = asUser(team.agent.claims, async (tx) => {
      await tx`select set_config('realtime.topic', ${topic}, true)`;
      await tx`insert into realtime.messages (topic, extension, event, payload, private)
               values (${topic}, 'broadcast', 'change', ${tx.json({ table: "messages", op: "insert" })}, true)`;
    });
    await expect(forged).rejects.toMatchObject({ code: "42501" });
  });
});
