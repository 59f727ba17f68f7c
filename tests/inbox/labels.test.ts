import { beforeAll, describe, expect, it } from "vitest";
import * as conversationLabelsRoute from "@/app/api/v1/conversations/[id]/labels/route";
import * as conversationsRoute from "@/app/api/v1/conversations/route";
import * as labelsRoute from "@/app/api/v1/labels/route";
import type { LabelColor } from "@/lib/label-colors";
import { asService, asUser, db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { addLabels, createLabel, deleteLabel, listLabels, removeLabels, updateLabel } from "@/server/inbox/labels";
import { createSubscription } from "@/server/outhooks/subscriptions";
import { apiRequest, createKey, params, read } from "../support/api";
import { seedConversations } from "../support/conversations";
import { createTeam } from "../support/fixtures";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;

const label = (name: string, color: LabelColor = "blue") => ({ name, color, description: null });
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof AppError ? error.code : error),
  );
const labelRows = (workspaceId: string) =>
  asService(
    (tx) => tx<{ name: string; color: string }[]>`select name, color from public.labels where workspace_id = ${workspaceId} order by name`,
  );
const onConversation = (conversationId: string) =>
  asService(
    (tx) => tx<{ label_id: string; added_by: string | null }[]>`
      select label_id, added_by from public.conversation_labels where conversation_id = ${conversationId} order by label_id`,
  );
const audit = (workspaceId: string, action: string) =>
  asService(
    (tx) => tx<{ actor_id: string; target_label: string; details: Record<string, unknown> }[]>`
      select actor_id, target_label, details from public.audit_log where workspace_id = ${workspaceId} and action = ${action} order by id`,
  );

beforeAll(async () => {
  team = await createTeam();
  other = await createTeam();
});

describe("label definitions", () => {
  it("admins create, rename, recolour and delete them, each change audited", async () => {
    const created = await asUser(team.admin.claims, (tx) =>
      createLabel(tx, team.workspaceId, { name: "Refund", color: "red", description: "Money back" }),
    );
    expect(created).toMatchObject({ name: "Refund", color: "red", description: "Money back" });
    await asUser(team.owner.claims, (tx) =>
      updateLabel(tx, team.workspaceId, created.id, { name: "Refunds", color: "amber", description: null }),
    );
    expect(await labelRows(team.workspaceId)).toContainEqual({ name: "Refunds", color: "amber" });
    await asUser(team.admin.claims, (tx) => deleteLabel(tx, team.workspaceId, created.id));
    expect((await labelRows(team.workspaceId)).map((l) => l.name)).not.toContain("Refunds");

    expect(await audit(team.workspaceId, "label.created")).toContainEqual(
      expect.objectContaining({ actor_id: team.admin.id, target_label: "Refund" }),
    );
    expect(await audit(team.workspaceId, "label.updated")).toContainEqual(
      expect.objectContaining({
        actor_id: team.owner.id,
        details: {
          changes: {
            name: { from: "Refund", to: "Refunds" },
            color: { from: "red", to: "amber" },
            description: { from: "Money back", to: null },
          },
        },
      }),
    );
    expect(await audit(team.workspaceId, "label.deleted")).toContainEqual(expect.objectContaining({ target_label: "Refunds" }));
  });

  it("are unique per workspace whatever the case, but two workspaces may share a name", async () => {
    await asUser(team.admin.claims, (tx) => createLabel(tx, team.workspaceId, label("Billing")));
    expect(await rejection(asUser(team.admin.claims, (tx) => createLabel(tx, team.workspaceId, label("billing"))))).toBe("conflict");
    await asUser(other.admin.claims, (tx) => createLabel(tx, other.workspaceId, label("billing")));
  });

  it("an agent reads them but cannot create, edit or delete one", async () => {
    const billing = (await asUser(team.agent.claims, (tx) => listLabels(tx, team.workspaceId))).find((l) => l.name === "Billing");
    if (!billing) throw new Error("no label");
    const before = await labelRows(team.workspaceId);
    expect(await rejection(asUser(team.agent.claims, (tx) => createLabel(tx, team.workspaceId, label("Sneaky"))))).toBe("forbidden");
    expect(await rejection(asUser(team.agent.claims, (tx) => updateLabel(tx, team.workspaceId, billing.id, label("Hacked", "pink"))))).toBe(
      "forbidden",
    );
    expect(await rejection(asUser(team.agent.claims, (tx) => deleteLabel(tx, team.workspaceId, billing.id)))).toBe("forbidden");
    expect(await labelRows(team.workspaceId)).toEqual(before);
  });

  it("another workspace's admin cannot see, change or delete them", async () => {
    const [mine] = await asUser(team.admin.claims, (tx) => listLabels(tx, team.workspaceId));
    if (!mine) throw new Error("no label");
    const before = await labelRows(team.workspaceId);
    for (const workspaceId of [team.workspaceId, other.workspaceId]) {
      expect((await asUser(other.admin.claims, (tx) => listLabels(tx, workspaceId))).map((l) => l.id)).not.toContain(mine.id);
      expect(await rejection(asUser(other.admin.claims, (tx) => updateLabel(tx, workspaceId, mine.id, label("Mine now"))))).toBe(
        "not_found",
      );
      expect(await rejection(asUser(other.admin.claims, (tx) => deleteLabel(tx, workspaceId, mine.id)))).toBe("not_found");
    }
    expect(await rejection(asUser(other.admin.claims, (tx) => createLabel(tx, team.workspaceId, label("Planted"))))).toBe("forbidden");
    expect(await labelRows(team.workspaceId)).toEqual(before);
  });
});

describe("labels on conversations", () => {
  let conversationId: string;
  let billing: string;
  let bug: string;

  beforeAll(async () => {
    [conversationId = ""] = await seedConversations(team.workspaceId, 1);
    const all = await asUser(team.admin.claims, async (tx) => [
      ...(await listLabels(tx, team.workspaceId)),
      await createLabel(tx, team.workspaceId, label("Bug", "red")),
    ]);
    billing = all.find((l) => l.name === "Billing")?.id ?? "";
    bug = all.find((l) => l.name === "Bug")?.id ?? "";
  });

  it("any member puts them on and takes them off; putting one on twice keeps one", async () => {
    expect(await asUser(team.agent.claims, (tx) => addLabels(tx, team.workspaceId, conversationId, [billing, bug]))).toHaveLength(2);
    expect(await asUser(team.agent.claims, (tx) => addLabels(tx, team.workspaceId, conversationId, [billing]))).toEqual([]);
    const rows = await onConversation(conversationId);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.added_by).toBe(team.agent.id);
    expect(await asUser(team.agent.claims, (tx) => removeLabels(tx, team.workspaceId, conversationId, [bug]))).toEqual([bug]);
    expect((await onConversation(conversationId)).map((r) => r.label_id)).toEqual([billing]);
  });

  it("nobody crosses workspaces: not another's conversation, not another's label", async () => {
    const [theirs = ""] = await seedConversations(other.workspaceId, 1);
    const [theirLabel] = await asUser(other.admin.claims, (tx) => listLabels(tx, other.workspaceId));
    if (!theirLabel) throw new Error("no label");
    // Their label on our conversation, our label on their conversation, as a member of either.
    expect(await rejection(asUser(team.agent.claims, (tx) => addLabels(tx, team.workspaceId, conversationId, [theirLabel.id])))).toBe(
      "not_found",
    );
    expect(await rejection(asUser(other.agent.claims, (tx) => addLabels(tx, other.workspaceId, theirs, [billing])))).toBe("not_found");
    expect(await rejection(asUser(other.agent.claims, (tx) => addLabels(tx, team.workspaceId, conversationId, [billing])))).toBe(
      "not_found",
    );
    expect(await rejection(asUser(other.agent.claims, (tx) => removeLabels(tx, team.workspaceId, conversationId, [billing])))).toBe(
      "not_found",
    );
    // Straight SQL under RLS, past the domain checks: refused too.
    await expect(
      asUser(
        other.agent.claims,
        (tx) => tx`insert into public.conversation_labels (workspace_id, conversation_id, label_id)
                                            values (${team.workspaceId}, ${conversationId}, ${bug})`,
      ),
    ).rejects.toThrow(/row-level security/);
    expect(
      await asUser(
        other.agent.claims,
        (tx) => tx`delete from public.conversation_labels where conversation_id = ${conversationId} returning 1`,
      ),
    ).toHaveLength(0);
    expect((await onConversation(conversationId)).map((r) => r.label_id)).toEqual([billing]);
    expect(await onConversation(theirs)).toEqual([]);
  });

  it("a deleted label comes off every conversation", async () => {
    const temporary = await asUser(team.admin.claims, (tx) => createLabel(tx, team.workspaceId, label("Temporary")));
    await asUser(team.agent.claims, (tx) => addLabels(tx, team.workspaceId, conversationId, [temporary.id]));
    await asUser(team.admin.claims, (tx) => deleteLabel(tx, team.workspaceId, temporary.id));
    expect((await onConversation(conversationId)).map((r) => r.label_id)).toEqual([billing]);
    expect(await audit(team.workspaceId, "label.deleted")).toContainEqual(
      expect.objectContaining({ target_label: "Temporary", details: { conversations: 1 } }),
    );
  });

  it("announce each changed conversation live, once per statement's conversation", async () => {
    const seen: Record<string, unknown>[] = [];
    const listener = await db().listen("conversa_changes", (payload) => {
      const change = JSON.parse(payload) as Record<string, unknown>;
      if (change.topic === `workspace:${team.workspaceId}`) seen.push(change);
    });
    try {
      const batch = await seedConversations(team.workspaceId, 3);
      const ofBatch = () => seen.filter((c) => c.op === "update" && batch.includes(String(c.id)));
      await asService(
        (tx) => tx`insert into public.conversation_labels (workspace_id, conversation_id, label_id)
                   select ${team.workspaceId}, id, l from unnest(${batch}::uuid[]) id, unnest(${[billing, bug]}::uuid[]) l`,
      );
      // Six rows (two labels on each of three conversations), three announcements.
      await expect.poll(() => ofBatch().length).toBe(3);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(
        ofBatch()
          .map((c) => c.id)
          .sort(),
      ).toEqual([...batch].sort());
      for (const change of ofBatch()) expect(change).toMatchObject({ table: "conversations", conversation_id: change.id });
    } finally {
      await listener.unlisten();
    }
  });

  it("send conversation.labels_changed to subscribed outbound webhooks with what was added or removed", async () => {
    await asUser(team.admin.claims, (tx) =>
      createSubscription(
        tx,
        { workspaceId: team.workspaceId, userId: team.admin.id },
        { url: "https://hooks.example.com/labels", events: ["conversation.labels_changed"] },
      ),
    );
    await asUser(team.agent.claims, (tx) => addLabels(tx, team.workspaceId, conversationId, [bug]));
    await asUser(team.agent.claims, (tx) => removeLabels(tx, team.workspaceId, conversationId, [bug, billing]));
    const events = await asService(
      (tx) => tx<{ changes: unknown }[]>`
        select changes from public.webhook_outbox
        where workspace_id = ${team.workspaceId} and type = 'conversation.labels_changed' and entity_id = ${conversationId}
        order by seq`,
    );
    expect(events.map((e) => e.changes)).toEqual([
      { added: [{ id: bug, name: "Bug" }], removed: [] },
      {
        added: [],
        removed: [
          { id: billing, name: "Billing" },
          { id: bug, name: "Bug" },
        ],
      },
    ]);
  });
});

describe("the labels API", () => {
  let writeKey: string;
  let readKey: string;

  beforeAll(async () => {
    writeKey = (await createKey(team, "write")).key;
    readKey = (await createKey(team, "read")).key;
  });

  it("lists and creates labels (write scope; a taken name is 409)", async () => {
    const created = await read<{ id: string; name: string }>(
      labelsRoute.POST(apiRequest("POST", "/labels", { key: writeKey, body: { name: "From CRM", color: "teal" } })),
    );
    expect(created).toMatchObject({ status: 201, body: { name: "From CRM", color: "teal", description: null } });
    expect((await read(labelsRoute.POST(apiRequest("POST", "/labels", { key: writeKey, body: { name: "from crm" } })))).status).toBe(409);
    expect((await read(labelsRoute.POST(apiRequest("POST", "/labels", { key: readKey, body: { name: "Nope" } })))).status).toBe(403);
    const listed = await read<{ data: { name: string }[] }>(labelsRoute.GET(apiRequest("GET", "/labels", { key: readKey })));
    expect(listed.body.data.map((l) => l.name)).toContain("From CRM");
    expect(
      (
        await read<{ data: { name: string }[] }>(
          labelsRoute.GET(apiRequest("GET", "/labels", { key: (await createKey(other, "read")).key })),
        )
      ).body.data.map((l) => l.name),
    ).not.toContain("From CRM");
  });

  it("puts labels on a conversation and takes them off; the list filters by label", async () => {
    const [conversationId = "", unlabelled = ""] = await seedConversations(team.workspaceId, 2);
    const [crm] = (await asUser(team.agent.claims, (tx) => listLabels(tx, team.workspaceId))).filter((l) => l.name === "From CRM");
    if (!crm) throw new Error("no label");
    const added = await read<{ data: { id: string }[] }>(
      conversationLabelsRoute.POST(
        apiRequest("POST", `/conversations/${conversationId}/labels`, { key: writeKey, body: { label_ids: [crm.id] } }),
        params({ id: conversationId }),
      ),
    );
    expect(added).toMatchObject({ status: 200, body: { data: [{ id: crm.id, name: "From CRM", color: "teal" }] } });

    const listed = await read<{ data: { id: string; labels: unknown[] }[] }>(
      conversationsRoute.GET(apiRequest("GET", `/conversations?label=${crm.id}&status=open`, { key: readKey })),
    );
    expect(listed.body.data.map((c) => c.id)).toEqual([conversationId]);
    expect(listed.body.data[0]?.labels).toEqual([{ id: crm.id, name: "From CRM", color: "teal" }]);
    expect(listed.body.data.map((c) => c.id)).not.toContain(unlabelled);

    const removed = await read(
      conversationLabelsRoute.DELETE(
        apiRequest("DELETE", `/conversations/${conversationId}/labels?label_ids=${crm.id}`, { key: writeKey }),
        params({ id: conversationId }),
      ),
    );
    expect(removed).toMatchObject({ status: 200, body: { data: [] } });
    // Another workspace's key finds no such conversation.
    const stranger = await read(
      conversationLabelsRoute.POST(
        apiRequest("POST", `/conversations/${conversationId}/labels`, {
          key: (await createKey(other, "write")).key,
          body: { label_ids: [crm.id] },
        }),
        params({ id: conversationId }),
      ),
    );
    expect(stranger.status).toBe(404);
    expect(await onConversation(conversationId)).toEqual([]);
  });
});
