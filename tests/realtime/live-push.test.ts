import { afterEach, describe, expect, it } from "vitest";
import { applyRow, matchesQuery } from "@/components/inbox/live-list";
import type { UserClaims } from "@/server/db/claims";
import { asService, asUser } from "@/server/db/client";
import { type ConversationListItem, listConversations, readThreadMessages } from "@/server/inbox/queries";
import { subscribe } from "@/server/realtime/hub";
import type { LiveEvent } from "@/server/realtime/live-events";
import { createConversation, createTeam, createUser, insertMessage, unique } from "../support/fixtures";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** A tab as the browser runs it: its stream's events, and the list it merges them into (all statuses, no search). */
async function tab(claims: UserClaims, workspaceId: string) {
  const events: LiveEvent[] = [];
  const state = { items: [] as ConversationListItem[], resyncs: 0, closed: false };
  const refetch = async () => {
    state.resyncs += 1;
    state.items = (await asUser(claims, (tx) => listConversations(tx, workspaceId, { userId: claims.sub, filter: {}, limit: 1000 }))).items;
  };
  const stop = await subscribe(
    claims,
    workspaceId,
    (event) => {
      events.push(event);
      if (event.kind === "resync") void refetch();
      else if (event.kind === "gone") state.items = state.items.filter((c) => c.id !== event.id);
      else if (event.kind === "conversation") {
        const matches = matchesQuery(event.conversation, { filter: {}, search: "" }, claims.sub, new Date()) ?? false;
        state.items = applyRow(state.items, event.conversation, matches, false);
      }
    },
    () => {
      state.closed = true;
    },
  );
  if (!stop) throw new Error("not a member");
  stops.push(stop);
  return { events, state };
}

/** Every conversation id an event carries, whatever its kind. */
const idsIn = (events: LiveEvent[]) =>
  new Set(
    events.flatMap((e) =>
      e.kind === "conversation"
        ? [e.conversation.id]
        : e.kind === "message"
          ? [e.conversationId, e.message.id]
          : e.kind === "activity"
            ? [e.line.conversation_id]
            : e.kind === "gone"
              ? [e.id]
              : [],
    ),
  );

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
}

describe("the live push", () => {
  it("merged by 50 tabs through a burst of 500 messages across 100 conversations, leaves every tab's list and unread counts equal to the database's", async () => {
    const team = await createTeam();
    const members = [team.owner, team.admin, team.agent];
    const tabs = await Promise.all(Array.from({ length: 50 }, (_, i) => tab((members[i % 3] ?? team.owner).claims, team.workspaceId)));
    const conversations: string[] = [];
    for (let i = 0; i < 100; i++) conversations.push((await createConversation(team.workspaceId)).conversationId);

    // Whole seconds, as WhatsApp's: many ties, broken by arrival.
    const base = Math.floor(Date.now() / 1000) - 600;
    for (let batch = 0; batch < 50; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, (_, j) => {
          const n = batch * 10 + j;
          const conversationId = conversations[(n * 37) % 100] ?? "";
          return insertMessage(team.workspaceId, conversationId, {
            direction: n % 7 === 0 ? "outbound" : "inbound",
            sentAt: new Date((base + Math.floor(n / 3)) * 1000),
            body: `burst ${n}`,
          });
        }),
      );
      // Someone reads a conversation now and then (the unread count goes back to 0).
      if (batch % 5 === 0) {
        await asService(
          (tx) => tx`update public.conversations set unread_count = 0, is_read = true where id = ${conversations[batch] ?? ""}`,
        );
      }
    }

    const truth = async () =>
      (
        await asUser(team.owner.claims, (tx) => listConversations(tx, team.workspaceId, { userId: team.owner.id, filter: {}, limit: 1000 }))
      ).items.map((c) => `${c.id}:${c.unread_count}:${c.is_read}:${c.last_message_preview}`);
    const expected = await truth();
    const shown = (t: (typeof tabs)[number]) =>
      t.state.items.map((c) => `${c.id}:${c.unread_count}:${c.is_read}:${c.last_message_preview}`);
    await until(() => tabs.every((t) => shown(t).join() === expected.join()));
    expect(expected).toHaveLength(100);
    for (const t of tabs) expect(shown(t)).toEqual(expected);
    // Merged, never refetched: no resync on the happy path.
    expect(tabs.reduce((n, t) => n + t.state.resyncs, 0)).toBe(0);
  });

  it("never carries to a restricted agent a conversation, message or activity line they may not see", async () => {
    const team = await createTeam();
    const other = await createUser();
    const { squad, foreign } = await asService(async (tx) => {
      await tx`update public.workspaces set conversation_visibility = 'own_team_unassigned' where id = ${team.workspaceId}`;
      await tx`insert into public.workspace_members (workspace_id, user_id, role) values (${team.workspaceId}, ${other.id}, 'agent')`;
      const [squad] = await tx<
        { id: string }[]
      >`insert into public.teams (workspace_id, name) values (${team.workspaceId}, ${unique("Squad")}) returning id`;
      const [foreign] = await tx<
        { id: string }[]
      >`insert into public.teams (workspace_id, name) values (${team.workspaceId}, ${unique("Other")}) returning id`;
      if (!squad || !foreign) throw new Error("no teams");
      await tx`insert into public.team_members (workspace_id, team_id, user_id) values (${team.workspaceId}, ${squad.id}, ${team.agent.id})`;
      return { squad: squad.id, foreign: foreign.id };
    });
    const setup = [
      { name: "mine", assignee: team.agent.id, teamId: null, visible: true },
      { name: "unassigned", assignee: null, teamId: null, visible: true },
      { name: "my team's", assignee: other.id, teamId: squad, visible: true },
      { name: "another's", assignee: other.id, teamId: null, visible: false },
      { name: "another team's", assignee: other.id, teamId: foreign, visible: false },
    ];
    const ids: Record<string, string> = {};
    for (const c of setup) {
      const { conversationId } = await createConversation(team.workspaceId);
      await asService(
        (tx) => tx`update public.conversations set assigned_to = ${c.assignee}, team_id = ${c.teamId} where id = ${conversationId}`,
      );
      ids[c.name] = conversationId;
    }
    const restricted = await tab(team.agent.claims, team.workspaceId);
    const owner = await tab(team.owner.claims, team.workspaceId);

    const messages: Record<string, string> = {};
    for (const c of setup) {
      messages[c.name] = await insertMessage(team.workspaceId, ids[c.name] ?? "", {
        direction: "inbound",
        sentAt: new Date(),
        body: c.name,
      });
    }
    // An activity line on a hidden conversation, and a status tick on a hidden message.
    await asService(async (tx) => {
      await tx`update public.conversations set status = 'pending' where id = ${ids["another's"] ?? ""}`;
      await tx`update public.messages set status = 'read' where id = ${messages["another team's"] ?? ""}`;
    });
    await until(() => setup.every((c) => idsIn(owner.events).has(messages[c.name] ?? "")));

    // Content only: a "gone" (an id, nothing else) may rightly reach them for a row they could see before the
    // setup's reassignment, when that change's notice is still in flight as their tab opens.
    const seen = idsIn(restricted.events.filter((e) => e.kind !== "gone"));
    for (const c of setup) {
      expect(seen.has(ids[c.name] ?? ""), c.name).toBe(c.visible);
      expect(seen.has(messages[c.name] ?? ""), c.name).toBe(c.visible);
    }
    expect(JSON.stringify(restricted.events)).not.toContain("another's");
    expect(JSON.stringify(restricted.events)).not.toContain("another team's");

    // Reassigned away from them: the row leaves their list ("gone"), nothing of its new state comes along.
    const before = restricted.events.length;
    await asService((tx) => tx`update public.conversations set assigned_to = ${other.id} where id = ${ids.mine ?? ""}`);
    await insertMessage(team.workspaceId, ids.mine ?? "", { direction: "inbound", sentAt: new Date(), body: "after handover" });
    await until(() => restricted.events.slice(before).some((e) => e.kind === "gone"));
    await sleep(300);
    expect(restricted.events.slice(before)).toEqual([{ kind: "gone", id: ids.mine }]);

    // Leaving the team: told to resync, and the team's conversations stop coming.
    const resyncs = restricted.events.filter((e) => e.kind === "resync").length;
    await asService((tx) => tx`delete from public.team_members where team_id = ${squad} and user_id = ${team.agent.id}`);
    await until(() => restricted.events.filter((e) => e.kind === "resync").length > resyncs);
    const after = restricted.events.length;
    const late = await insertMessage(team.workspaceId, ids["my team's"] ?? "", { direction: "inbound", sentAt: new Date(), body: "team" });
    await until(() => idsIn(owner.events).has(late));
    await sleep(300);
    expect(idsIn(restricted.events.slice(after)).has(ids["my team's"] ?? "")).toBe(false);

    // Removed from the workspace: the stream ends.
    await asService(
      (tx) => tx`delete from public.workspace_members where workspace_id = ${team.workspaceId} and user_id = ${team.agent.id}`,
    );
    await until(() => restricted.state.closed);
    expect(restricted.state.closed).toBe(true);
  });

  it("hands every tab the same event object, and gives the event loop back during a long fan-out", async () => {
    const team = await createTeam();
    const { conversationId } = await createConversation(team.workspaceId);
    const received: LiveEvent[][] = [];
    let servedWhenTheLoopRan: number | null = null;
    const served = () => received.filter((events) => events.some((e) => e.kind === "conversation")).length;
    for (let i = 0; i < 60; i++) {
      const events: LiveEvent[] = [];
      received.push(events);
      const stop = await subscribe(
        team.owner.claims,
        team.workspaceId,
        (event) => {
          events.push(event);
          // The first tab served asks how many are served by the event loop's next turn.
          if (i === 0 && event.kind === "conversation" && servedWhenTheLoopRan === null) {
            servedWhenTheLoopRan = -1;
            setImmediate(() => {
              servedWhenTheLoopRan = served();
            });
          }
        },
        () => {},
      );
      if (!stop) throw new Error("not a member");
      stops.push(stop);
    }
    await insertMessage(team.workspaceId, conversationId, { direction: "inbound", sentAt: new Date(), body: "fan-out" });
    await until(() => served() === 60);
    expect(served()).toBe(60);
    // Webhooks got a turn before the 60th stream was written to.
    expect(servedWhenTheLoopRan).toBeGreaterThan(0);
    expect(servedWhenTheLoopRan).toBeLessThan(60);
    // One object for all: each stream's writer serialises it once (live-stream.ts).
    expect(new Set(received.map((events) => events.find((e) => e.kind === "conversation"))).size).toBe(1);
  });

  it("reads changed messages, and the message a reaction points at, by index: never the workspace's other messages", async () => {
    const team = await createTeam();
    const { conversationId } = await createConversation(team.workspaceId);
    // A thread long enough that reading it all shows.
    await asService(
      (tx) => tx`
        insert into public.messages (workspace_id, conversation_id, wamid, direction, type, body, sent_at, status, sender_type)
        select ${team.workspaceId}, ${conversationId}, ${unique("old")} || n, 'inbound', 'text', 'old ' || n, now() - interval '1 day', 'delivered', 'customer'
        from generate_series(1, 2000) n`,
    );
    const wamid = unique("wamid");
    const target = await insertMessage(team.workspaceId, conversationId, {
      direction: "inbound",
      sentAt: new Date(),
      body: "target",
      wamid,
    });
    const other = await insertMessage(team.workspaceId, conversationId, { direction: "outbound", sentAt: new Date(), body: "other" });
    const reaction = await insertMessage(team.workspaceId, conversationId, { direction: "inbound", sentAt: new Date(), type: "reaction" });
    await asService((tx) => tx`update public.messages set target_wamid = ${wamid} where id = ${reaction}`);
    await asService((tx) => tx`analyze public.messages`);
    const { read, rowsRead } = await asService(async (tx) => {
      const read = await readThreadMessages(tx, team.workspaceId, [reaction, other]);
      // This transaction's reads of the table so far, whatever the plan.
      const [stats] = await tx<{ rows: string }[]>`
        select seq_tup_read + coalesce(idx_tup_fetch, 0) as rows from pg_stat_xact_user_tables where relid = 'public.messages'::regclass`;
      return { read, rowsRead: Number(stats?.rows ?? 0) };
    });
    expect(read.map((r) => r.message.id).sort()).toEqual([target, other].sort());
    expect(read.every((r) => r.conversationId === conversationId)).toBe(true);
    expect(rowsRead).toBeLessThan(50);
  });
});
