import { beforeAll, describe, expect, it } from "vitest";
import { type ConversationFilter, PRESET_VIEWS } from "@/lib/conversation-filter";
import { asService, asUser } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { createLabel } from "@/server/inbox/labels";
import { listConversations } from "@/server/inbox/queries";
import { countMatching, createView, deleteView, listViews, shareView, sidebarViews, updateView } from "@/server/inbox/views";
import type { ActingMember } from "@/server/workspaces/actor";
import { seedConversations } from "../support/conversations";
import { createTeam, type TestUser } from "../support/fixtures";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;

const member = (t: Team, user: TestUser, role: ActingMember["role"]): ActingMember => ({
  workspaceId: t.workspaceId,
  userId: user.id,
  role,
  email: user.email,
  country: "ID",
});
const code = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );
const names = async (user: TestUser, workspaceId = team.workspaceId) =>
  (await asUser(user.claims, (tx) => listViews(tx, workspaceId))).map((v) => v.name).sort();

beforeAll(async () => {
  team = await createTeam();
});

describe("saved views", () => {
  it("are personal: only their owner sees, renames or deletes them", async () => {
    const view = await asUser(team.agent.claims, (tx) =>
      createView(tx, member(team, team.agent, "agent"), "My unread", { status: ["open"], unread: true }),
    );
    expect(view).toMatchObject({ name: "My unread", shared: false, filter: { status: ["open"], unread: true } });
    expect(await names(team.agent)).toContain("My unread");
    expect(await names(team.admin)).not.toContain("My unread");
    expect(await code(asUser(team.admin.claims, (tx) => updateView(tx, team.workspaceId, view.id, { name: "Taken" })))).toBe("not_found");
    expect(await code(asUser(team.admin.claims, (tx) => deleteView(tx, team.workspaceId, view.id)))).toBe("not_found");
    await asUser(team.agent.claims, (tx) =>
      updateView(tx, team.workspaceId, view.id, { name: "Unread of mine", filter: { unread: true } }),
    );
    expect((await asUser(team.agent.claims, (tx) => listViews(tx, team.workspaceId))).find((v) => v.id === view.id)).toMatchObject({
      name: "Unread of mine",
      filter: { unread: true },
    });
    await asUser(team.agent.claims, (tx) => deleteView(tx, team.workspaceId, view.id));
    expect(await names(team.agent)).not.toContain("Unread of mine");
  });

  it("an agent cannot share one, not even by writing the row itself", async () => {
    const view = await asUser(team.agent.claims, (tx) =>
      createView(tx, member(team, team.agent, "agent"), "Agent's", { status: ["open"] }),
    );
    expect(await code(asUser(team.agent.claims, (tx) => shareView(tx, member(team, team.agent, "agent"), view.id)))).toBe("forbidden");
    await expect(
      asUser(team.agent.claims, (tx) => tx`update public.inbox_views set owner_id = null where id = ${view.id}`),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asUser(
        team.agent.claims,
        (tx) => tx`insert into public.inbox_views (workspace_id, owner_id, name) values (${team.workspaceId}, null, 'Sneaky shared')`,
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await names(team.admin)).not.toContain("Agent's");
  });

  it("an admin shares theirs with every member, audited; members cannot change a shared one", async () => {
    const view = await asUser(team.admin.claims, (tx) =>
      createView(tx, member(team, team.admin, "admin"), "Billing queue", { status: ["open"], assignee: "none" }),
    );
    await asUser(team.admin.claims, (tx) => shareView(tx, member(team, team.admin, "admin"), view.id));
    expect(await names(team.agent)).toContain("Billing queue");
    expect(await names(team.owner)).toContain("Billing queue");
    expect(await code(asUser(team.agent.claims, (tx) => updateView(tx, team.workspaceId, view.id, { name: "Mine" })))).toBe("not_found");
    expect(await code(asUser(team.agent.claims, (tx) => deleteView(tx, team.workspaceId, view.id)))).toBe("not_found");
    // Another admin of the workspace may manage it.
    await asUser(team.owner.claims, (tx) => updateView(tx, team.workspaceId, view.id, { name: "Billing queue (all)" }));
    const [audit] = await asService(
      (tx) => tx<{ actor_id: string; target_label: string }[]>`
        select actor_id, target_label from public.audit_log where workspace_id = ${team.workspaceId} and action = 'inbox_view.shared'`,
    );
    expect(audit).toEqual({ actor_id: team.admin.id, target_label: "Billing queue" });
  });

  it("stay inside their workspace", async () => {
    const stranger = await createTeam();
    expect(await names(stranger.admin)).toEqual([]);
    expect(await names(stranger.admin, team.workspaceId)).toEqual([]);
  });

  it("show a filter that no longer parses as broken, with no count", async () => {
    await asService(
      (tx) => tx`insert into public.inbox_views (workspace_id, owner_id, name, filter)
                 values (${team.workspaceId}, ${team.owner.id}, 'Old shape', ${tx.json({ tab: "archived" })})`,
    );
    const sidebar = await asUser(team.owner.claims, (tx) => sidebarViews(tx, team.workspaceId, team.owner.id));
    expect(sidebar.views.find((v) => v.name === "Old shape")).toMatchObject({ filter: null, count: null });
  });
});

describe("view counts", () => {
  it("match the list for every preset and saved view", async () => {
    const counted = await createTeam();
    const label = await asUser(counted.admin.claims, (tx) =>
      createLabel(tx, counted.workspaceId, { name: "Urgent", color: "red", description: null }),
    );
    const urgent = await seedConversations(counted.workspaceId, 4, { unread: true });
    await seedConversations(counted.workspaceId, 3, { assignedTo: counted.agent.id });
    await seedConversations(counted.workspaceId, 2, { status: "resolved", tags: ["vip"] });
    await seedConversations(counted.workspaceId, 1, { needsHuman: true, leadStatus: "won" });
    await asService(
      (tx) => tx`insert into public.conversation_labels (workspace_id, conversation_id, label_id)
                 select ${counted.workspaceId}, id, ${label.id} from unnest(${urgent.slice(0, 2)}::uuid[]) id`,
    );
    const filters: ConversationFilter[] = [
      ...PRESET_VIEWS.map((p) => p.filter),
      { labelIds: [label.id] },
      { status: ["resolved"], tag: "vip" },
      { leadStage: "won" },
      { status: ["open"], unread: true, labelIds: [label.id] },
      {},
    ];
    const counts = await asUser(counted.agent.claims, (tx) => countMatching(tx, counted.workspaceId, counted.agent.id, filters));
    const listed = await asUser(counted.agent.claims, (tx) =>
      Promise.all(
        filters.map(
          async (filter) =>
            (await listConversations(tx, counted.workspaceId, { userId: counted.agent.id, filter, limit: 100 })).items.length,
        ),
      ),
    );
    expect(counts).toEqual(listed);
    expect(counts).toEqual([8, 3, 5, 4, 1, 2, 2, 1, 2, 10]);
    // Another workspace's member counts nothing of it.
    const stranger = await createTeam();
    expect(await asUser(stranger.agent.claims, (tx) => countMatching(tx, counted.workspaceId, stranger.agent.id, [{}]))).toEqual([0]);
  });
});
