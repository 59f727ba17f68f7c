import { beforeAll, describe, expect, it } from "vitest";
import type { ConversationFilter } from "@/lib/conversation-filter";
import { asService, asUser } from "@/server/db/client";
import { createLabel } from "@/server/inbox/labels";
import { listConversations } from "@/server/inbox/queries";
import { seedChannel, seedConversations } from "../support/conversations";
import { createTeam, type TestUser } from "../support/fixtures";

/**
 * The filter model applied in SQL: each field alone, then combined, on a
 * workspace seeded with one conversation per trait (plus plain ones that
 * no refinement should return).
 */
let team: Awaited<ReturnType<typeof createTeam>>;
const c: Record<string, string> = {};
let labels: { billing: string; bug: string };
let otherChannel: string;

const one = async (name: string, options: Parameters<typeof seedConversations>[2]) => {
  const [id] = await seedConversations(team.workspaceId, 1, options);
  if (!id) throw new Error("not seeded");
  c[name] = id;
};

async function ids(filter: ConversationFilter, user: TestUser = team.agent, search?: string) {
  const page = await asUser(user.claims, (tx) =>
    listConversations(tx, team.workspaceId, { userId: user.id, filter, search, country: "ID", limit: 100 }),
  );
  return page.items.map((item) => item.id).sort();
}
const named = (...names: string[]) => names.map((n) => c[n]).sort();

beforeAll(async () => {
  team = await createTeam();
  otherChannel = await seedChannel(team.workspaceId);
  await one("plain", { lastMessageSecondsAgo: 10 });
  await one("pending", { status: "pending" });
  await one("snoozed", { status: "snoozed" });
  await one("resolved", { status: "resolved" });
  await one("mine", { assignedTo: team.agent.id });
  await one("admins", { assignedTo: team.admin.id });
  await one("unread", { unread: true });
  await one("handedOver", { needsHuman: true });
  await one("otherNumber", { channelId: otherChannel });
  await one("old", { lastMessageSecondsAgo: 10 * 86_400 });
  await one("qualified", { leadStatus: "qualified" });
  await one("vip", { tags: ["vip", "repeat"] });
  await one("bigOrder", { customAttributes: { order_size: "large" } });
  await one("labelled", {});
  await one("doubleLabelled", {});
  labels = await asUser(team.admin.claims, async (tx) => ({
    billing: (await createLabel(tx, team.workspaceId, { name: "Billing", color: "blue", description: null })).id,
    bug: (await createLabel(tx, team.workspaceId, { name: "Bug", color: "red", description: null })).id,
  }));
  await asService(
    (tx) => tx`
      insert into public.conversation_labels (workspace_id, conversation_id, label_id)
      values (${team.workspaceId}, ${c.labelled ?? ""}, ${labels.billing}),
             (${team.workspaceId}, ${c.doubleLabelled ?? ""}, ${labels.billing}),
             (${team.workspaceId}, ${c.doubleLabelled ?? ""}, ${labels.bug})`,
  );
});

const OPEN = [
  "plain",
  "mine",
  "admins",
  "unread",
  "handedOver",
  "otherNumber",
  "old",
  "qualified",
  "vip",
  "bigOrder",
  "labelled",
  "doubleLabelled",
];

describe("the conversation filter in SQL", () => {
  it("status: any of the set, or every status when left out", async () => {
    expect(await ids({ status: ["open"] })).toEqual(named(...OPEN));
    expect(await ids({ status: ["pending", "snoozed"] })).toEqual(named("pending", "snoozed"));
    expect(await ids({ status: ["resolved"] })).toEqual(named("resolved"));
    expect(await ids({})).toEqual(named(...OPEN, "pending", "snoozed", "resolved"));
  });

  it("assignee: me (whoever asks), nobody, or a member", async () => {
    expect(await ids({ status: ["open"], assignee: "me" })).toEqual(named("mine"));
    expect(await ids({ status: ["open"], assignee: "me" }, team.admin)).toEqual(named("admins"));
    expect(await ids({ status: ["open"], assignee: team.admin.id })).toEqual(named("admins"));
    expect(await ids({ status: ["open"], assignee: "none" })).toEqual(named(...OPEN.filter((n) => n !== "mine" && n !== "admins")));
  });

  it("labels: conversations carrying any of them", async () => {
    expect(await ids({ labelIds: [labels.billing] })).toEqual(named("labelled", "doubleLabelled"));
    expect(await ids({ labelIds: [labels.bug] })).toEqual(named("doubleLabelled"));
    expect(await ids({ labelIds: [labels.bug, labels.billing] })).toEqual(named("labelled", "doubleLabelled"));
  });

  it("team: one team's conversations, or none (without a team); combined with a label", async () => {
    const [squad] = await asService(
      (tx) => tx<{ id: string }[]>`insert into public.teams (workspace_id, name) values (${team.workspaceId}, 'Filter squad') returning id`,
    );
    const squadId = squad?.id ?? "";
    await asService(
      (tx) => tx`update public.conversations set team_id = ${squadId} where id = any(${[c.labelled, c.plain] as string[]}::uuid[])`,
    );
    try {
      expect(await ids({ teamId: squadId })).toEqual(named("labelled", "plain"));
      expect(await ids({ teamId: squadId, labelIds: [labels.billing] })).toEqual(named("labelled"));
      expect(await ids({ status: ["open"], teamId: "none" })).toEqual(named(...OPEN.filter((n) => n !== "labelled" && n !== "plain")));
    } finally {
      await asService((tx) => tx`update public.conversations set team_id = null where team_id = ${squadId}`);
    }
  });

  it("number, unread, needs human", async () => {
    expect(await ids({ channelId: otherChannel })).toEqual(named("otherNumber"));
    expect(await ids({ unread: true })).toEqual(named("unread"));
    expect(await ids({ needsHuman: true })).toEqual(named("handedOver"));
  });

  it("unread also finds a conversation marked unread without unread messages", async () => {
    await asService((tx) => tx`update public.conversations set is_read = false where id = ${c.plain ?? ""}`);
    expect(await ids({ unread: true })).toEqual(named("unread", "plain"));
    await asService((tx) => tx`update public.conversations set is_read = true where id = ${c.plain ?? ""}`);
  });

  it("last activity: after, before, older than N days", async () => {
    const fiveDaysAgo = new Date(Date.now() - 5 * 86_400_000).toISOString();
    expect(await ids({ activeBefore: fiveDaysAgo })).toEqual(named("old"));
    expect(await ids({ inactiveDays: 5 })).toEqual(named("old"));
    expect(await ids({ inactiveDays: 11 })).toEqual([]);
    const after = await ids({ activeAfter: new Date(Date.now() - 30_000).toISOString() });
    expect(after).toEqual(named("plain"));
  });

  it("contact fields: lead stage, tag, custom field equals", async () => {
    expect(await ids({ leadStage: "qualified" })).toEqual(named("qualified"));
    expect(await ids({ tag: "vip" })).toEqual(named("vip"));
    expect(await ids({ tag: "repeat" })).toEqual(named("vip"));
    expect(await ids({ tag: "vi" })).toEqual([]);
    expect(await ids({ field: { key: "order_size", value: "large" } })).toEqual(named("bigOrder"));
    expect(await ids({ field: { key: "order_size", value: "small" } })).toEqual([]);
  });

  it("combines fields with AND", async () => {
    await asService((tx) => tx`update public.conversations set assigned_to = ${team.agent.id} where id = ${c.vip ?? ""}`);
    expect(await ids({ status: ["open"], assignee: "me", tag: "vip" })).toEqual(named("vip"));
    expect(await ids({ status: ["resolved"], assignee: "me", tag: "vip" })).toEqual([]);
    expect(await ids({ status: ["open"], labelIds: [labels.billing], assignee: "none" })).toEqual(named("labelled", "doubleLabelled"));
    expect(await ids({ status: ["open"], labelIds: [labels.bug], leadStage: "qualified" })).toEqual([]);
    await asService((tx) => tx`update public.conversations set assigned_to = null where id = ${c.vip ?? ""}`);
  });

  it("shows another workspace nothing, whatever the filter names", async () => {
    const stranger = await createTeam();
    const page = await asUser(stranger.agent.claims, (tx) =>
      listConversations(tx, team.workspaceId, { userId: stranger.agent.id, filter: { labelIds: [labels.billing] }, limit: 100 }),
    );
    expect(page.items).toEqual([]);
  });

  it("lists each row's labels, sorted by name", async () => {
    const page = await asUser(team.agent.claims, (tx) =>
      listConversations(tx, team.workspaceId, { userId: team.agent.id, filter: { labelIds: [labels.bug] }, limit: 10 }),
    );
    expect(page.items[0]?.labels).toEqual([
      { id: labels.billing, name: "Billing", color: "blue" },
      { id: labels.bug, name: "Bug", color: "red" },
    ]);
  });
});
