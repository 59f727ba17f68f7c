import { beforeAll, describe, expect, it } from "vitest";
import { createContact } from "@/server/contacts/commands";
import { type ContactSort, getPipeline, listContacts, listStages } from "@/server/contacts/queries";
import { createStage, deleteStage, reorderStages, updateStage } from "@/server/contacts/settings";
import { asService, asUser } from "@/server/db/client";
import { fromDatabaseError } from "@/server/errors";
import { createTeam, insertMessage } from "../support/fixtures";
import { createChannel, customerWrites } from "../support/webhooks";
import { actorIn, contactRow, expectAppError, indonesianMobile } from "./support";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
const days = (n: number) => new Date(Date.now() - n * 24 * 3600 * 1000);

/** Ten contacts with varied status, score, tags, owners and activity; returns their ids in creation order. */
async function seedContacts(t: Team) {
  const actor = actorIn(t.workspaceId, t.admin);
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) {
    const { id } = await asUser(t.admin.claims, (tx) =>
      createContact(tx, actor, {
        phone: `+6281300000${String(i).padStart(3, "0")}`,
        name: `Kontak ${String.fromCharCode(74 - i)}`, // J, I, H … A: name order is not creation order
        email: `k${i}@toko.test`,
        leadStatus: i % 2 ? "qualified" : "new",
        leadScore: (i * 37) % 100,
        tags: i % 3 === 0 ? ["grosir"] : [],
        ownerId: i < 4 ? t.agent.id : null,
      }),
    );
    await asService((tx) => tx`update public.contacts set last_activity_at = ${days(i)} where id = ${id}`);
    ids.push(id);
  }
  return ids;
}

const list = (options: Parameters<typeof listContacts>[2]) =>
  asUser(team.agent.claims, (tx) => listContacts(tx, team.workspaceId, options));

let ids: string[];
beforeAll(async () => {
  team = await createTeam();
  ids = await seedContacts(team);
});

describe("the contact list", () => {
  it("filters by status, tag, owner (or nobody) and activity range", async () => {
    const idsOf = async (options: Omit<Parameters<typeof listContacts>[2], "limit">) =>
      (await list({ ...options, limit: 100 })).items.map((c) => c.id).sort();
    const pick = (indexes: number[]) => indexes.map((i) => ids[i]).sort();
    expect(await idsOf({ statuses: ["qualified"] })).toEqual(pick([1, 3, 5, 7, 9]));
    expect(await idsOf({ tag: "grosir" })).toEqual(pick([0, 3, 6, 9]));
    expect(await idsOf({ owner: team.agent.id })).toEqual(pick([0, 1, 2, 3]));
    expect(await idsOf({ owner: "none", statuses: ["new"] })).toEqual(pick([4, 6, 8]));
    const from = days(5).toISOString().slice(0, 10);
    const to = days(3).toISOString().slice(0, 10);
    expect(await idsOf({ activeFrom: from, activeTo: to })).toEqual(pick([3, 4, 5]));
  });

  it("searches name, email and the phone however it is written", async () => {
    const names = async (search: string) => (await list({ search, limit: 100 })).items.map((c) => c.name);
    expect(await names("kontak j")).toEqual(["Kontak J"]);
    expect(await names("k4@toko")).toEqual(["Kontak F"]);
    expect(await names("0813-0000-0007")).toEqual(["Kontak C"]);
    expect(await names("+62 813 0000 0002")).toEqual(["Kontak H"]);
    expect(await names("tidak ada")).toEqual([]);
  });

  it.each<[ContactSort, "asc" | "desc"]>([
    ["last_activity", "desc"],
    ["name", "asc"],
    ["score", "desc"],
    ["created", "asc"],
  ])("pages through every contact sorted by %s %s, each exactly once", async (sort, direction) => {
    const everything = await list({ sort, direction, limit: 100 });
    const seen: string[] = [];
    let cursor = null;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list({ sort, direction, cursor, limit: 3 });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(everything.items.map((c) => c.id));
    expect(new Set(seen).size).toBe(10);
    if (sort === "name") expect(everything.items[0]?.name).toBe("Kontak A");
    if (sort === "score") {
      const scores = everything.items.map((c) => c.lead_score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it("“no reply in N days”: our message was the last one and is older than N days", async () => {
    const t = await createTeam();
    const channel = await createChannel({ provider: "meta", workspaceId: t.workspaceId });
    const waiting = await customerWrites(channel, { from: indonesianMobile(), text: "Berapa?", at: days(6) });
    await insertMessage(t.workspaceId, waiting.conversationId, { direction: "outbound", sentAt: days(5), body: "50 ribu" });
    const answered = await customerWrites(channel, { from: indonesianMobile(), text: "Berapa?", at: days(6) });
    await insertMessage(t.workspaceId, answered.conversationId, { direction: "outbound", sentAt: days(5), body: "50 ribu" });
    await insertMessage(t.workspaceId, answered.conversationId, { direction: "inbound", sentAt: days(4), body: "Oke" });
    const recent = await customerWrites(channel, { from: indonesianMobile(), text: "Halo", at: days(2) });
    await insertMessage(t.workspaceId, recent.conversationId, { direction: "outbound", sentAt: days(1), body: "Halo kak" });

    const page = await asUser(t.agent.claims, (tx) => listContacts(tx, t.workspaceId, { noReplyDays: 3, limit: 100 }));
    expect(page.items.map((c) => c.id)).toEqual([waiting.contactId]);
    expect(page.items[0]?.conversation_id).toBe(waiting.conversationId);
  });

  it("shows nothing of another workspace", async () => {
    const stranger = await createTeam();
    const page = await asUser(stranger.owner.claims, (tx) => listContacts(tx, team.workspaceId, { limit: 100 }));
    expect(page.items).toEqual([]);
    const board = await asUser(stranger.owner.claims, (tx) => getPipeline(tx, team.workspaceId, { perStage: 10 }));
    expect(board).toEqual([]);
  });
});

describe("pipeline stages", () => {
  it("a workspace starts with the default pipeline; the board counts and lists each stage", async () => {
    const board = await asUser(team.agent.claims, (tx) => getPipeline(tx, team.workspaceId, { perStage: 2 }));
    expect(board.map((s) => [s.key, s.label, s.total, s.cards.length])).toEqual([
      ["new", "New", 5, 2],
      ["contacted", "Contacted", 0, 0],
      ["qualified", "Qualified", 5, 2],
      ["won", "Won", 0, 0],
      ["lost", "Lost", 0, 0],
    ]);
    expect(board[0]?.cards.map((c) => c.id)).toEqual([ids[0], ids[2]]);
  });

  it("admins add, rename, reorder and remove stages; a removed stage's contacts move first", async () => {
    const t = await createTeam();
    const admin = actorIn(t.workspaceId, t.admin);
    const asAdmin = <T>(fn: Parameters<typeof asUser<T>>[1]) => asUser(t.admin.claims, fn);
    const { key } = await asAdmin((tx) => createStage(tx, admin, { label: "Demo booked", tone: "red" }));
    expect(key).toBe("demo-booked");
    await expectAppError(
      asAdmin((tx) => createStage(tx, admin, { label: "demo booked!", tone: "red" })),
      "conflict",
      /already a stage/,
    );
    await asAdmin((tx) => updateStage(tx, admin, "won", { label: "Closed won", tone: "green" }));
    await asAdmin((tx) => reorderStages(tx, admin, ["demo-booked", "new", "contacted", "qualified", "won", "lost"]));
    const { id } = await asAdmin((tx) => createContact(tx, admin, { phone: indonesianMobile(), leadStatus: "demo-booked" }));

    await asAdmin((tx) => deleteStage(tx, admin, "demo-booked", "qualified"));
    expect((await contactRow(id))?.lead_status).toBe("qualified");
    const stages = await asAdmin((tx) => listStages(tx, t.workspaceId));
    expect(stages.map((s) => s.label)).toEqual(["New", "Contacted", "Qualified", "Closed won", "Lost"]);
  });

  it("agents cannot change the pipeline, nor can anyone outside the workspace", async () => {
    const t = await createTeam();
    const agent = actorIn(t.workspaceId, t.agent);
    await expectAppError(
      asUser(t.agent.claims, (tx) => createStage(tx, agent, { label: "Hot", tone: "red" })),
      "forbidden",
    );
    await expectAppError(
      asUser(t.agent.claims, (tx) => deleteStage(tx, agent, "lost", "new")),
      "forbidden",
    );
    await expectAppError(
      asUser(team.owner.claims, (tx) => updateStage(tx, actorIn(t.workspaceId, team.owner), "new", { label: "Diambil" })),
      "forbidden",
    );
    // RLS backs it up when the check is skipped.
    const rows = await asUser(
      t.agent.claims,
      (tx) => tx`update public.lead_stages set label = 'x' where workspace_id = ${t.workspaceId} returning key`,
    );
    expect(rows).toHaveLength(0);
    expect((await asUser(t.agent.claims, (tx) => listStages(tx, t.workspaceId))).map((s) => s.label)[0]).toBe("New");
  });

  it("a pipeline keeps one stage; a new WhatsApp lead lands in the first stage when “new” was removed", async () => {
    const t = await createTeam();
    const admin = actorIn(t.workspaceId, t.admin);
    await asUser(t.admin.claims, (tx) => reorderStages(tx, admin, ["qualified", "new", "contacted", "won", "lost"]));
    await asUser(t.admin.claims, (tx) => deleteStage(tx, admin, "new", "contacted"));
    const channel = await createChannel({ provider: "meta", workspaceId: t.workspaceId });
    const inbound = await customerWrites(channel, { from: indonesianMobile(), text: "Halo" });
    expect((await contactRow(inbound.contactId))?.lead_status).toBe("qualified");

    for (const key of ["contacted", "won", "lost"]) await asUser(t.admin.claims, (tx) => deleteStage(tx, admin, key, "qualified"));
    const error = await asUser(t.admin.claims, (tx) => tx`delete from public.lead_stages where workspace_id = ${t.workspaceId}`).catch(
      (e: unknown) => fromDatabaseError(e),
    );
    expect(error).toMatchObject({ code: "conflict", message: "A pipeline needs at least one stage." });
    expect(await asUser(t.admin.claims, (tx) => listStages(tx, t.workspaceId))).toHaveLength(1);
  });
});
