import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, asUser, type Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { setConversationTeam } from "@/server/inbox/assignment";
import { addNote, assignConversation, markAsRead, sendText } from "@/server/inbox/commands";
import { getConversation, listMessages } from "@/server/inbox/queries";
import { stopQueue } from "@/server/jobs/queue";
import { setConversationVisibility } from "@/server/teams/commands";
import { findMessageMedia } from "@/server/whatsapp/media/message-media";
import { createUser, createTeam as createWorkspace, type TestUser, unique } from "../support/fixtures";
import { type CustomerMessage, createChannel, customerWrites } from "../support/webhooks";
import { phone } from "./support";

afterAll(() => stopQueue());

let w: Awaited<ReturnType<typeof createWorkspace>>;
let other: TestUser;
/** Assigned to another agent, in another team: what the restricted agent must not reach. */
let theirs: CustomerMessage;
let mine: CustomerMessage;
let teamsOwn: CustomerMessage;
let unassigned: CustomerMessage;
let theirTeam: string;

const visibleIds = (user: TestUser) =>
  asUser(user.claims, (tx) => tx<{ id: string }[]>`select id from public.conversations where workspace_id = ${w.workspaceId}`).then(
    (rows) => rows.map((row) => row.id).sort(),
  );
const sorted = (...ids: string[]) => [...ids].sort();

beforeAll(async () => {
  w = await createWorkspace();
  other = await createUser();
  await asService(
    (tx) => tx`insert into public.workspace_members (workspace_id, user_id, role) values (${w.workspaceId}, ${other.id}, 'agent')`,
  );
  const [ours, their] = await asService(
    (tx) => tx<{ id: string }[]>`
      insert into public.teams (workspace_id, name) values (${w.workspaceId}, ${unique("Sales")}), (${w.workspaceId}, ${unique("Support")})
      returning id`,
  );
  if (!ours || !their) throw new Error("no teams");
  theirTeam = their.id;
  await asService(
    (tx) => tx`insert into public.team_members (workspace_id, team_id, user_id)
               values (${w.workspaceId}, ${ours.id}, ${w.agent.id}), (${w.workspaceId}, ${their.id}, ${other.id})`,
  );
  const channel = await createChannel({ workspaceId: w.workspaceId });
  theirs = await customerWrites(channel, { from: phone(1), name: "Rahasia Pelanggan", text: "pesanan rahasia" });
  mine = await customerWrites(channel, { from: phone(2), text: "punyaku" });
  teamsOwn = await customerWrites(channel, { from: phone(3), text: "tim kami" });
  unassigned = await customerWrites(channel, { from: phone(4), text: "belum" });
  await asService(async (tx) => {
    await tx`update public.conversations set assigned_to = ${other.id}, team_id = ${their.id} where id = ${theirs.conversationId}`;
    await tx`update public.conversations set assigned_to = ${w.agent.id} where id = ${mine.conversationId}`;
    await tx`update public.conversations set assigned_to = ${other.id}, team_id = ${ours.id} where id = ${teamsOwn.conversationId}`;
    await tx`insert into public.message_statuses (workspace_id, wamid, status, occurred_at)
             values (${w.workspaceId}, ${theirs.wamid}, 'read', now()), (${w.workspaceId}, ${mine.wamid}, 'read', now())`;
    await tx`update public.messages set media_storage_path = ${`${w.workspaceId}/secret.jpg`}, media_mime_type = 'image/jpeg'
             where id = ${theirs.messageId}`;
  });
  await asUser(w.admin.claims, (tx) => setConversationVisibility(tx, w.workspaceId, "own_team_unassigned"));
});

describe("an agent restricted to their own, their teams' and unassigned conversations", () => {
  it("sees exactly those; owners and admins see all; with 'all' the agent sees all again", async () => {
    const all = sorted(theirs.conversationId, mine.conversationId, teamsOwn.conversationId, unassigned.conversationId);
    expect(await visibleIds(w.agent)).toEqual(sorted(mine.conversationId, teamsOwn.conversationId, unassigned.conversationId));
    expect(await visibleIds(w.admin)).toEqual(all);
    expect(await visibleIds(w.owner)).toEqual(all);
    await asUser(w.admin.claims, (tx) => setConversationVisibility(tx, w.workspaceId, "all"));
    try {
      expect(await visibleIds(w.agent)).toEqual(all);
    } finally {
      await asUser(w.admin.claims, (tx) => setConversationVisibility(tx, w.workspaceId, "own_team_unassigned"));
    }
  });

  it("cannot read another's conversation, messages, delivery statuses, activity lines or media, by id", async () => {
    await asService(
      (tx) => tx`insert into public.conversation_activity (workspace_id, conversation_id, kind)
                 values (${w.workspaceId}, ${theirs.conversationId}, 'status_changed'), (${w.workspaceId}, ${mine.conversationId}, 'status_changed')`,
    );
    await asUser(w.agent.claims, async (tx) => {
      expect(await tx`select id from public.conversation_activity where conversation_id = ${theirs.conversationId}`).toEqual([]);
      expect(await tx`select id from public.conversation_activity where conversation_id = ${mine.conversationId}`).not.toEqual([]);
      expect(await tx`select id from public.messages where conversation_id = ${theirs.conversationId}`).toEqual([]);
      expect(await tx`select id from public.message_statuses where wamid = ${theirs.wamid}`).toEqual([]);
      expect(await findMessageMedia(tx, theirs.messageId)).toBeNull();
      expect(await listMessages(tx, w.workspaceId, theirs.conversationId, { limit: 50 })).toEqual({
        messages: [],
        activity: [],
        olderCursor: null,
      });
      // Their own are there (the setup is right).
      expect(await tx`select id from public.messages where conversation_id = ${mine.conversationId}`).toHaveLength(1);
      expect(await tx`select id from public.message_statuses where wamid = ${mine.wamid}`).toHaveLength(1);
    });
    await expect(asUser(w.agent.claims, (tx) => getConversation(tx, w.workspaceId, theirs.conversationId))).rejects.toMatchObject({
      code: "not_found",
    });
    await asUser(w.admin.claims, async (tx) => {
      expect(await findMessageMedia(tx, theirs.messageId)).toMatchObject({ media_mime_type: "image/jpeg" });
      expect(await tx`select id from public.message_statuses where wamid = ${theirs.wamid}`).toHaveLength(1);
      expect(await tx`select id from public.conversation_activity where conversation_id = ${theirs.conversationId}`).not.toEqual([]);
    });
  });

  it("cannot find it through the search function, by name, phone or message text", async () => {
    const search = (user: TestUser, text: string, phonePattern: string) =>
      asUser(
        user.claims,
        (tx) => tx<{ conversation_id: string }[]>`select * from public.search_conversations(${w.workspaceId}, ${text}, ${phonePattern})`,
      ).then((rows) => rows.map((row) => row.conversation_id));
    for (const [text, phonePattern] of [
      ["%rahasia%", "%no-match%"],
      ["%no-match%", `%${phone(1)}%`],
      ["%", "%"],
    ] as const) {
      expect(await search(w.agent, text, phonePattern)).not.toContain(theirs.conversationId);
      expect(await search(w.admin, text, phonePattern)).toContain(theirs.conversationId);
    }
    expect(await search(w.agent, "%punyaku%", "%no-match%")).toEqual([mine.conversationId]);
  });

  it("cannot act on it by id (send, note, assign, move, mark read): not found, and nothing changes", async () => {
    const actor = { workspaceId: w.workspaceId, userId: w.agent.id };
    const run = (fn: (tx: Tx) => Promise<unknown>) => () => asUser(w.agent.claims, fn);
    const id = theirs.conversationId;
    const attempts: [string, () => Promise<unknown>][] = [
      ["sendText", run((tx) => sendText(tx, actor, { conversationId: id, idempotencyKey: unique("key"), text: "Halo" }))],
      ["addNote", run((tx) => addNote(tx, actor, { conversationId: id, idempotencyKey: unique("key"), text: "catatan" }))],
      ["assign to self", run((tx) => assignConversation(tx, actor, id, w.agent.id))],
      ["unassign", run((tx) => assignConversation(tx, actor, id, null))],
      ["move team", run((tx) => setConversationTeam(tx, actor, id, null))],
      ["markAsRead", run((tx) => markAsRead(tx, actor, id))],
    ];
    const snapshot = () =>
      asService(async (tx) => ({
        conversation: await tx`select * from public.conversations where id = ${id}`,
        messages: await tx`select * from public.messages where conversation_id = ${id} order by id`,
      }));
    const before = await snapshot();
    for (const [name, attempt] of attempts) {
      const error = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(AppError);
      expect(error, name).toMatchObject({ code: "not_found" });
    }
    // Straight SQL (PostgREST-style) is refused by the policies themselves.
    await expect(
      asUser(
        w.agent.claims,
        (tx) => tx`insert into public.messages (workspace_id, conversation_id, direction, type, body, status, sender_type, sender_user_id)
                   values (${w.workspaceId}, ${id}, 'outbound', 'note', 'x', 'pending', 'agent', ${w.agent.id})`,
      ),
    ).rejects.toMatchObject({ code: "42501" });
    const updated = await asUser(w.agent.claims, (tx) => tx`update public.conversations set assigned_to = null where id = ${id}`);
    expect(updated.count).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("may send an unassigned conversation to another team's queue (unassigned, it stays in sight)", async () => {
    const actor = { workspaceId: w.workspaceId, userId: w.agent.id };
    await asUser(w.agent.claims, (tx) => setConversationTeam(tx, actor, unassigned.conversationId, theirTeam));
    const [row] = await asService((tx) => tx`select team_id from public.conversations where id = ${unassigned.conversationId}`);
    expect(row?.team_id).toBe(theirTeam);
    expect(await visibleIds(w.agent)).toContain(unassigned.conversationId);
  });
});
