import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserClaims } from "@/server/db/claims";
import { asUser, db } from "@/server/db/client";
import { createConversation, createTeam, createUser, insertMessage } from "../support/fixtures";

const setBroadcast = (on: boolean) => db()`update private.platform_settings set broadcast_changes = ${on}`;

/** What the triggers broadcast on a workspace's topic (read as the table's owner, past RLS). */
const broadcasts = (workspaceId: string) =>
  db()<{ event: string; payload: Record<string, string>; private: boolean; extension: string }[]>`
    select event, payload, private, extension from realtime.messages
    where topic = ${`workspace:${workspaceId}`} order by inserted_at, id`;

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
    expect(await broadcasts(quiet.workspaceId)).toEqual([]);
  });

  it("carry each change's ids on the workspace's private topic", async () => {
    await setBroadcast(true);
    const { conversationId, contactId } = await createConversation(team.workspaceId);
    const messageId = await insertMessage(team.workspaceId, conversationId, { direction: "inbound", sentAt: new Date() });
    const sent = await broadcasts(team.workspaceId);
    for (const row of sent) expect(row).toMatchObject({ event: "change", private: true, extension: "broadcast" });
    expect(sent.map((row) => row.payload)).toEqual(
      expect.arrayContaining([
        { table: "contacts", op: "insert", id: contactId, conversation_id: null },
        { table: "conversations", op: "insert", id: conversationId, conversation_id: conversationId },
        { table: "messages", op: "insert", id: messageId, conversation_id: conversationId },
        // The stats trigger's update of the conversation (last message, unread count).
        { table: "conversations", op: "update", id: conversationId, conversation_id: conversationId },
      ]),
    );
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
