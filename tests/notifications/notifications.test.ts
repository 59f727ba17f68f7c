import { afterAll, describe, expect, it } from "vitest";
import { asService, asUser } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { addNote, assignConversation, markAsRead } from "@/server/inbox/commands";
import { stopQueue } from "@/server/jobs/queue";
import { mentionableMembers } from "@/server/notifications/mentions";
import { getNotificationPreferences, setNotificationPreference } from "@/server/notifications/preferences";
import { listNotifications, markNotificationsRead } from "@/server/notifications/queries";
import { setConversationVisibility } from "@/server/teams/commands";
import { createTeam, createUser, type TestUser, unique } from "../support/fixtures";
import { createChannel, customerWrites } from "../support/webhooks";
import { phone, setAvailability, teamWorkspace } from "../teams/support";

afterAll(() => stopQueue());

type Workspace = Awaited<ReturnType<typeof createTeam>>;

/** Every notification of the user (all workspaces), oldest first, read as the service. */
const notificationsOf = (user: TestUser) =>
  asService(
    (tx) => tx<{ kind: string; conversation_id: string; message_id: string | null; actor_user_id: string | null; read_at: Date | null }[]>`
      select kind, conversation_id, message_id, actor_user_id, read_at from public.notifications
      where user_id = ${user.id} order by created_at, id`,
  );

const actorOf = (w: Workspace, user: TestUser) => ({ workspaceId: w.workspaceId, userId: user.id });

async function workspaceWithConversation() {
  const w = await createTeam();
  const channel = await createChannel({ workspaceId: w.workspaceId });
  const customer = await customerWrites(channel, { from: phone(1), name: "Siti" });
  return { w, channel, customer };
}

const note = (w: Workspace, author: TestUser, conversationId: string, text: string, mentions: { userId: string; name: string }[]) =>
  asUser(author.claims, (tx) => addNote(tx, actorOf(w, author), { conversationId, idempotencyKey: unique("note"), text, mentions }));

describe("mentions", () => {
  it("a note mentioning a member stores their id and where the @name is, and notifies them (not the writer, not others)", async () => {
    const { w, customer } = await workspaceWithConversation();
    await asService((tx) => tx`delete from public.notifications where workspace_id = ${w.workspaceId}`);
    const text = "Can you check this, @Agent Smith? Thanks";
    const { id } = await note(w, w.admin, customer.conversationId, text, [{ userId: w.agent.id, name: "Agent Smith" }]);

    const [row] = await asService((tx) => tx<{ content: { mentions: unknown } }[]>`select content from public.messages where id = ${id}`);
    expect(row?.content.mentions).toEqual([{ userId: w.agent.id, start: text.indexOf("@"), end: text.indexOf("?") }]);
    expect(await notificationsOf(w.agent)).toEqual([
      { kind: "mention", conversation_id: customer.conversationId, message_id: id, actor_user_id: w.admin.id, read_at: null },
    ]);
    expect(await notificationsOf(w.admin)).toEqual([]);
    expect(await notificationsOf(w.owner)).toEqual([]);
  });

  it("an @name deleted from the text before sending mentions nobody", async () => {
    const { w, customer } = await workspaceWithConversation();
    await asService((tx) => tx`delete from public.notifications where workspace_id = ${w.workspaceId}`);
    await note(w, w.admin, customer.conversationId, "never mind", [{ userId: w.agent.id, name: "Agent Smith" }]);
    expect(await notificationsOf(w.agent)).toEqual([]);
  });

  it("respects visibility: an agent who cannot see the conversation is neither offered nor notified, and mentioning them is refused", async () => {
    const { w, customer } = await workspaceWithConversation();
    const other = await createUser();
    await asService(
      (tx) => tx`insert into public.workspace_members (workspace_id, user_id, role) values (${w.workspaceId}, ${other.id}, 'agent')`,
    );
    await asUser(w.owner.claims, (tx) => setConversationVisibility(tx, w.workspaceId, "own_team_unassigned"));
    await asUser(w.admin.claims, (tx) => assignConversation(tx, actorOf(w, w.admin), customer.conversationId, other.id));
    await asService((tx) => tx`delete from public.notifications where workspace_id = ${w.workspaceId}`);

    const offered = await asUser(w.admin.claims, (tx) => mentionableMembers(tx, w.workspaceId, w.admin.id, customer.conversationId));
    expect(offered.map((m) => m.id).sort()).toEqual([w.owner.id, other.id].sort());

    const refused = note(w, w.admin, customer.conversationId, "@Agent look", [{ userId: w.agent.id, name: "Agent" }]);
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: "invalid" });

    // Written by something other than the composer: the trigger still notifies only those who see it.
    await asService(
      (tx) => tx`
        insert into public.messages (workspace_id, conversation_id, direction, type, body, status, sender_type, sender_user_id, content)
        values (${w.workspaceId}, ${customer.conversationId}, 'outbound', 'note', '@x @y', 'sent', 'agent', ${w.admin.id},
                ${tx.json({
                  mentions: [
                    { userId: w.agent.id, start: 0, end: 2 },
                    { userId: other.id, start: 3, end: 5 },
                  ],
                })})`,
    );
    expect(await notificationsOf(w.agent)).toEqual([]);
    expect((await notificationsOf(other)).map((n) => n.kind)).toEqual(["mention"]);
  });

  it("someone outside the workspace is never notified", async () => {
    const { w, customer } = await workspaceWithConversation();
    const stranger = await createUser();
    await expect(
      note(w, w.admin, customer.conversationId, "@Stranger hi", [{ userId: stranger.id, name: "Stranger" }]),
    ).rejects.toMatchObject({ code: "invalid" });
    expect(await notificationsOf(stranger)).toEqual([]);
  });
});

describe("assignments", () => {
  it("notifies the assignee when someone else assigns them, not when they take it themselves", async () => {
    const { w, customer } = await workspaceWithConversation();
    await asUser(w.admin.claims, (tx) => assignConversation(tx, actorOf(w, w.admin), customer.conversationId, w.agent.id));
    expect((await notificationsOf(w.agent)).filter((n) => n.kind === "assignment")).toEqual([
      { kind: "assignment", conversation_id: customer.conversationId, message_id: null, actor_user_id: w.admin.id, read_at: null },
    ]);
    await asUser(w.admin.claims, (tx) => assignConversation(tx, actorOf(w, w.admin), customer.conversationId, w.admin.id));
    expect((await notificationsOf(w.admin)).filter((n) => n.kind === "assignment")).toEqual([]);
  });

  it("auto-assignment notifies the agent it chose (no actor), and no queue notification is left for a conversation it took", async () => {
    const t = await teamWorkspace({ agents: 2, cap: null });
    const [first, second] = t.agents as [TestUser, TestUser];
    await setAvailability(t.workspaceId, first, "online");
    const { conversationId } = await customerWrites(t.channel, { from: phone(2) });
    expect(await notificationsOf(first)).toEqual([
      { kind: "assignment", conversation_id: conversationId, message_id: null, actor_user_id: null, read_at: null },
    ]);
    expect(await notificationsOf(second)).toEqual([]);
  });
});

describe("new conversations in the queue", () => {
  it("a team's new unassigned conversation notifies its members only; one without a team notifies every member", async () => {
    const t = await teamWorkspace({ agents: 2, cap: null, autoAssign: false });
    const [first, second] = t.agents as [TestUser, TestUser];
    const { conversationId } = await customerWrites(t.channel, { from: phone(3) });
    for (const agent of [first, second]) {
      expect(await notificationsOf(agent)).toEqual([
        { kind: "queue", conversation_id: conversationId, message_id: null, actor_user_id: null, read_at: null },
      ]);
    }
    expect(await notificationsOf(t.admin)).toEqual([]);
    // The customer writing again is not a new conversation.
    await customerWrites(t.channel, { from: phone(3) });
    expect(await notificationsOf(first)).toHaveLength(1);

    const { w, customer } = await workspaceWithConversation();
    for (const member of [w.owner, w.admin, w.agent]) {
      expect(await notificationsOf(member)).toEqual([
        { kind: "queue", conversation_id: customer.conversationId, message_id: null, actor_user_id: null, read_at: null },
      ]);
    }
  });
});

describe("customer replies", () => {
  it("notify the assignee once per unread burst, pointing at the newest message; a new one after reading", async () => {
    const { w, channel, customer } = await workspaceWithConversation();
    await asUser(w.admin.claims, (tx) => assignConversation(tx, actorOf(w, w.admin), customer.conversationId, w.agent.id));
    const replies = () => notificationsOf(w.agent).then((rows) => rows.filter((n) => n.kind === "customer_reply"));
    expect(await replies()).toEqual([]);

    await customerWrites(channel, { from: phone(1), text: "one" });
    const second = await customerWrites(channel, { from: phone(1), text: "two" });
    expect(await replies()).toEqual([
      {
        kind: "customer_reply",
        conversation_id: customer.conversationId,
        message_id: second.messageId,
        actor_user_id: null,
        read_at: null,
      },
    ]);
    expect(await notificationsOf(w.admin).then((rows) => rows.filter((n) => n.kind === "customer_reply"))).toEqual([]);

    await asUser(w.agent.claims, (tx) => markNotificationsRead(tx, actorOf(w, w.agent), { all: true }));
    const third = await customerWrites(channel, { from: phone(1), text: "three" });
    const after = await replies();
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({ message_id: third.messageId, read_at: null });
  });
});

describe("opening a conversation", () => {
  it("reads the agent's notifications about it (a mention only on the newest page), also when the conversation was already read", async () => {
    const { w, channel, customer } = await workspaceWithConversation();
    const conversationId = customer.conversationId;
    const mention = (text: string) =>
      note(w, w.admin, conversationId, `${text} @Agent Smith`, [{ userId: w.agent.id, name: "Agent Smith" }]);
    const old = await mention("old");
    // A full page of later notes pushes the old mention off the page opening shows.
    await asService(
      (tx) => tx`
        insert into public.messages (workspace_id, conversation_id, direction, type, body, status, sender_type, sender_user_id, sent_at)
        select ${w.workspaceId}, ${conversationId}, 'outbound', 'note', 'filler', 'sent', 'agent', ${w.admin.id}, now() + g * interval '1 ms'
        from generate_series(1, 50) g`,
    );
    await asUser(w.admin.claims, (tx) => assignConversation(tx, actorOf(w, w.admin), conversationId, w.agent.id));
    await customerWrites(channel, { from: phone(1), text: "hello?" });
    await mention("new");
    const open = () => asUser(w.agent.claims, (tx) => markAsRead(tx, actorOf(w, w.agent), conversationId));
    const unread = async () =>
      (await notificationsOf(w.agent)).filter((n) => n.conversation_id === conversationId && !n.read_at).map((n) => [n.kind, n.message_id]);
    expect((await unread()).map(([kind]) => kind).sort()).toEqual(["assignment", "customer_reply", "mention", "mention", "queue"]);

    expect(await open()).toEqual({ changed: true });
    expect(await unread()).toEqual([["mention", old.id]]);

    // Notes do not make the conversation unread, yet opening it again reads the new mention.
    await mention("again");
    expect(await open()).toEqual({ changed: false });
    expect(await unread()).toEqual([["mention", old.id]]);
  });
});

describe("preferences", () => {
  it("a kind turned off in-app is not notified; others still are; defaults when unset", async () => {
    const { w, customer } = await workspaceWithConversation();
    expect((await asUser(w.agent.claims, (tx) => getNotificationPreferences(tx, w.agent.id))).mention).toEqual({
      in_app: true,
      browser: true,
      sound: false,
    });
    await asUser(w.agent.claims, (tx) =>
      setNotificationPreference(tx, w.agent.id, "mention", { in_app: false, browser: false, sound: true }),
    );
    const prefs = await asUser(w.agent.claims, (tx) => getNotificationPreferences(tx, w.agent.id));
    expect(prefs.mention).toEqual({ in_app: false, browser: false, sound: true });
    expect(prefs.assignment).toEqual({ in_app: true, browser: true, sound: false });

    await asService((tx) => tx`delete from public.notifications where workspace_id = ${w.workspaceId}`);
    await note(w, w.admin, customer.conversationId, "@Agent see", [{ userId: w.agent.id, name: "Agent" }]);
    await asUser(w.admin.claims, (tx) => assignConversation(tx, actorOf(w, w.admin), customer.conversationId, w.agent.id));
    expect((await notificationsOf(w.agent)).map((n) => n.kind)).toEqual(["assignment"]);
  });

  it("nobody reads or writes another user's preferences", async () => {
    const victim = await createUser();
    const attacker = await createUser();
    await asUser(victim.claims, (tx) =>
      setNotificationPreference(tx, victim.id, "assignment", { in_app: false, browser: false, sound: false }),
    );
    await expect(
      asUser(attacker.claims, (tx) => setNotificationPreference(tx, victim.id, "assignment", { in_app: true, browser: true, sound: true })),
    ).rejects.toThrow(/row-level security/);
    const seen = await asUser(attacker.claims, (tx) => tx`select * from public.notification_preferences where user_id = ${victim.id}`);
    expect(seen).toHaveLength(0);
    expect((await asUser(victim.claims, (tx) => getNotificationPreferences(tx, victim.id))).assignment.in_app).toBe(false);
  });
});

describe("RLS and the centre", () => {
  it("a teammate (even an owner) and another workspace's member neither read nor mark someone's notifications", async () => {
    const { w, customer } = await workspaceWithConversation();
    await note(w, w.admin, customer.conversationId, "@Agent here", [{ userId: w.agent.id, name: "Agent" }]);
    const outsider = await createTeam();

    for (const attacker of [w.owner, w.admin, outsider.owner]) {
      const read = await asUser(attacker.claims, (tx) => tx`select id from public.notifications where user_id = ${w.agent.id}`);
      expect(read).toHaveLength(0);
      const marked = await asUser(
        attacker.claims,
        (tx) => tx`update public.notifications set read_at = now() where user_id = ${w.agent.id} returning id`,
      );
      expect(marked).toHaveLength(0);
      // Nor can anyone make one up.
      await expect(
        asUser(
          attacker.claims,
          (tx) => tx`
          insert into public.notifications (workspace_id, user_id, kind, conversation_id)
          values (${w.workspaceId}, ${w.agent.id}, 'mention', ${customer.conversationId})`,
        ),
      ).rejects.toThrow(/permission denied/);
    }
    // The list is scoped to the caller whatever it is asked.
    const page = await asUser(w.owner.claims, (tx) =>
      listNotifications(tx, { workspaceId: w.workspaceId, userId: w.agent.id }, { limit: 10 }),
    );
    expect(page.items).toEqual([]);
    expect((await notificationsOf(w.agent)).filter((n) => n.kind === "mention" && n.read_at === null)).toHaveLength(1);
  });

  it("lists newest first with the contact, the actor and the note, in pages; marks one read, then all", async () => {
    const { w, customer } = await workspaceWithConversation();
    await asService((tx) => tx`delete from public.notifications where workspace_id = ${w.workspaceId}`);
    for (let i = 0; i < 3; i += 1) {
      await note(w, w.admin, customer.conversationId, `@Agent number ${i}`, [{ userId: w.agent.id, name: "Agent" }]);
    }
    const actor = actorOf(w, w.agent);
    const first = await asUser(w.agent.claims, (tx) => listNotifications(tx, actor, { limit: 2 }));
    expect(first.unread).toBe(3);
    expect(first.items.map((n) => n.preview)).toEqual(["@Agent number 2", "@Agent number 1"]);
    expect(first.items[0]).toMatchObject({ kind: "mention", contact_name: "Siti", actor_name: expect.any(String), read_at: null });
    const second = await asUser(w.agent.claims, (tx) => listNotifications(tx, actor, { limit: 2, before: first.next }));
    expect(second.items.map((n) => n.preview)).toEqual(["@Agent number 0"]);
    expect(second.next).toBeNull();

    const one = first.items[0]?.id ?? "";
    expect(await asUser(w.agent.claims, (tx) => markNotificationsRead(tx, actor, { ids: [one] }))).toBe(2);
    expect(await asUser(w.agent.claims, (tx) => markNotificationsRead(tx, actor, { all: true }))).toBe(0);
  });
});
