import { beforeAll, describe, expect, it } from "vitest";
import {
  cannedForConversation,
  createCannedResponse,
  deleteCannedResponse,
  listCannedResponses,
  readCannedAttachment,
  recordCannedUse,
  removeCannedAttachment,
  setCannedAttachment,
  storeCannedAttachment,
  updateCannedResponse,
} from "@/server/canned/responses";
import { asService, asUser, type Tx } from "@/server/db/client";
import { toErrorResult } from "@/server/errors";
import type { ActingMember } from "@/server/workspaces/actor";
import { expectAppError } from "../support/app-error";
import { createConversation, createTeam, type TestUser } from "../support/fixtures";

type Team = Awaited<ReturnType<typeof createTeam>>;

const actorOf = (team: Team, user: TestUser, role: ActingMember["role"]): ActingMember => ({
  workspaceId: team.workspaceId,
  userId: user.id,
  role,
  email: user.email,
  country: "ID",
});

/** Runs as the user's session would: RLS sees them. */
const as = <T>(user: TestUser, fn: (tx: Tx) => Promise<T>) => asUser(user.claims, fn);

let team: Team;
let other: Team;
let admin: ActingMember;
let agent: ActingMember;
let shared: string;
let personal: string;

beforeAll(async () => {
  team = await createTeam();
  other = await createTeam();
  admin = actorOf(team, team.admin, "admin");
  agent = actorOf(team, team.agent, "agent");
  shared = await as(team.admin, (tx) =>
    createCannedResponse(tx, admin, { code: "/thx", title: "Thanks", body: "Thanks {{contact.first_name}}!", personal: false }),
  );
  personal = await as(team.agent, (tx) =>
    createCannedResponse(tx, agent, { code: "/mine", title: "My sign-off", body: "Cheers, {{agent.first_name}}", personal: true }),
  );
});

const codesSeenBy = async (actor: ActingMember, user: TestUser) =>
  (await as(user, (tx) => listCannedResponses(tx, actor))).map((r) => r.code);

describe("canned responses under RLS", () => {
  it("shows workspace-wide ones to every member and personal ones only to their owner", async () => {
    expect(await codesSeenBy(agent, team.agent)).toEqual(["/thx", "/mine"]);
    expect(await codesSeenBy(admin, team.admin)).toEqual(["/thx"]);
    const owner = actorOf(team, team.owner, "owner");
    expect(await codesSeenBy(owner, team.owner)).toEqual(["/thx"]);
  });

  it("lets nobody of another workspace see, change or count them", async () => {
    const outsider = actorOf(other, other.admin, "admin");
    expect(await codesSeenBy(outsider, other.admin)).toEqual([]);
    // Naming this workspace's id does not help: RLS refuses the rows.
    const intruder = { ...outsider, workspaceId: team.workspaceId };
    expect(await as(other.admin, (tx) => listCannedResponses(tx, intruder))).toEqual([]);
    await expectAppError(
      as(other.admin, (tx) => deleteCannedResponse(tx, intruder, shared)),
      "not_found",
    );
    await as(other.admin, (tx) => recordCannedUse(tx, shared));
    const [row] = await asService(
      (tx) => tx<{ usage_count: number }[]>`select usage_count from public.canned_responses where id = ${shared}`,
    );
    expect(row?.usage_count).toBe(0);
  });

  it("refuses an agent who edits, deletes or creates a workspace-wide one", async () => {
    await expectAppError(
      as(team.agent, (tx) => updateCannedResponse(tx, agent, shared, { code: "/thx", title: "Hacked", body: "x" })),
      "not_found",
    );
    await expectAppError(
      as(team.agent, (tx) => deleteCannedResponse(tx, agent, shared)),
      "not_found",
    );
    const created = await as(team.agent, (tx) =>
      createCannedResponse(tx, agent, { code: "/team", title: "Team", body: "x", personal: false }),
    ).catch((error: unknown) => toErrorResult(error));
    expect(created).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const [row] = await asService((tx) => tx<{ title: string }[]>`select title from public.canned_responses where id = ${shared}`);
    expect(row?.title).toBe("Thanks");
  });

  it("refuses an admin who edits someone's personal one", async () => {
    await expectAppError(
      as(team.admin, (tx) => updateCannedResponse(tx, admin, personal, { code: "/mine", title: "Mine now", body: "x" })),
      "not_found",
    );
    await expectAppError(
      as(team.admin, (tx) => deleteCannedResponse(tx, admin, personal)),
      "not_found",
    );
  });

  it("keeps codes unique per scope: one workspace-wide /thx, and a personal /thx beside it", async () => {
    await expectAppError(
      as(team.admin, (tx) => createCannedResponse(tx, admin, { code: "/thx", title: "Again", body: "x", personal: false })),
      "conflict",
    );
    const mine = await as(team.agent, (tx) =>
      createCannedResponse(tx, agent, { code: "/thx", title: "My thanks", body: "x", personal: true }),
    );
    await expectAppError(
      as(team.agent, (tx) => updateCannedResponse(tx, agent, mine, { code: "/mine", title: "x", body: "x" })),
      "conflict",
    );
    await as(team.agent, (tx) => deleteCannedResponse(tx, agent, mine));
  });

  it("lets the owner edit their personal one and an admin the workspace-wide ones", async () => {
    await as(team.agent, (tx) =>
      updateCannedResponse(tx, agent, personal, { code: "/mine", title: "Sign-off", body: "Cheers, {{agent.first_name}}" }),
    );
    await as(team.admin, (tx) =>
      updateCannedResponse(tx, admin, shared, { code: "/thx", title: "Thanks", body: "Thanks {{contact.first_name}}!" }),
    );
    const rows = await as(team.agent, (tx) => listCannedResponses(tx, agent));
    expect(rows.find((r) => r.id === personal)?.title).toBe("Sign-off");
  });

  it("counts a use by an agent of a workspace-wide one, and only the counters change", async () => {
    await as(team.agent, (tx) => recordCannedUse(tx, shared));
    await as(team.agent, (tx) => recordCannedUse(tx, shared));
    // Another member's personal one is not theirs to count.
    await as(team.admin, (tx) => recordCannedUse(tx, personal));
    const rows = await asService(
      (tx) => tx<{ id: string; usage_count: number; last_used_at: Date | null }[]>`
        select id, usage_count, last_used_at from public.canned_responses where id in (${shared}, ${personal})`,
    );
    expect(rows.find((r) => r.id === shared)).toMatchObject({ usage_count: 2, last_used_at: expect.any(Date) });
    expect(rows.find((r) => r.id === personal)).toMatchObject({ usage_count: 0, last_used_at: null });
  });

  it("gives the composer the responses and the conversation's values, and nothing for another workspace's conversation", async () => {
    const { conversationId, contactId } = await createConversation(team.workspaceId);
    await asService(
      (tx) =>
        tx`update public.contacts set name = 'Siti Rahma', email = 'siti@example.com', custom_attributes = '{"city":"Bandung"}' where id = ${contactId}`,
    );
    const { options, context } = await as(team.agent, (tx) => cannedForConversation(tx, agent, conversationId));
    expect(options.map((o) => [o.code, o.personal])).toEqual([
      ["/thx", false],
      ["/mine", true],
    ]);
    expect(context.contact).toMatchObject({ name: "Siti Rahma", email: "siti@example.com", fields: { city: "Bandung" } });
    expect(context.agent.name).toBe(team.agent.email.split("@")[0]);
    const foreign = await createConversation(other.workspaceId);
    await expectAppError(
      as(team.agent, (tx) => cannedForConversation(tx, agent, foreign.conversationId)),
      "not_found",
    );
  });
});

/** The first bytes of a real PDF file, then filler: what the signature check reads. */
const pdf = () => new TextEncoder().encode("%PDF-1.7\n% price list\n");

describe("a canned response's file", () => {
  it("is saved with its name, type and size, read by members who may use the response, and removed", async () => {
    const file = await storeCannedAttachment(team.workspaceId, { name: "Prices.pdf", type: "application/pdf", bytes: pdf() }, "file");
    await as(team.admin, (tx) => setCannedAttachment(tx, admin, shared, file));
    const listed = await as(team.agent, (tx) => listCannedResponses(tx, agent));
    expect(listed.find((r) => r.id === shared)?.attachment).toEqual({
      id: file.id,
      name: "Prices.pdf",
      type: "application/pdf",
      size: pdf().byteLength,
    });
    const read = await as(team.agent, (tx) => readCannedAttachment(tx, shared));
    expect(new Uint8Array(read?.bytes ?? [])).toEqual(pdf());

    // The agent may use it but not take it off a workspace-wide response.
    await expectAppError(
      as(team.agent, (tx) => removeCannedAttachment(tx, agent, shared)),
      "not_found",
    );
    await as(team.admin, (tx) => removeCannedAttachment(tx, admin, shared));
    expect(await as(team.agent, (tx) => readCannedAttachment(tx, shared))).toBeNull();
    expect((await as(team.agent, (tx) => listCannedResponses(tx, agent))).find((r) => r.id === shared)?.attachment).toBeNull();
  });

  it("refuses a type WhatsApp does not take, bytes that are not what the type says, and a file over WhatsApp's limit", async () => {
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    await expectAppError(
      storeCannedAttachment(team.workspaceId, { name: "x.html", type: "text/html", bytes: html }, "file"),
      "invalid",
      /cannot send files of type text\/html/,
    );
    await expectAppError(
      storeCannedAttachment(team.workspaceId, { name: "photo.png", type: "image/png", bytes: html }, "file"),
      "invalid",
      /not really of type image\/png/,
    );
    const bigPng = new Uint8Array(5 * 1024 * 1024 + 1);
    bigPng.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await expectAppError(
      storeCannedAttachment(team.workspaceId, { name: "big.png", type: "image/png", bytes: bigPng }, "file"),
      "invalid",
      /up to 5 MB/,
    );
  });

  it("is neither read, set nor removed from another workspace", async () => {
    const file = await storeCannedAttachment(team.workspaceId, { name: "mine.pdf", type: "application/pdf", bytes: pdf() }, "file");
    await as(team.agent, (tx) => setCannedAttachment(tx, agent, personal, file));
    const outsider = actorOf(other, other.admin, "admin");
    const intruder = { ...outsider, workspaceId: team.workspaceId };
    expect(await as(other.admin, (tx) => readCannedAttachment(tx, personal))).toBeNull();
    const theirs = await storeCannedAttachment(other.workspaceId, { name: "evil.pdf", type: "application/pdf", bytes: pdf() }, "file");
    await expectAppError(
      as(other.admin, (tx) => setCannedAttachment(tx, intruder, personal, theirs)),
      "not_found",
    );
    await expectAppError(
      as(other.admin, (tx) => removeCannedAttachment(tx, intruder, personal)),
      "not_found",
    );
    // Nor by a teammate: a personal response's file is its owner's alone.
    expect(await as(team.admin, (tx) => readCannedAttachment(tx, personal))).toBeNull();
    expect((await as(team.agent, (tx) => readCannedAttachment(tx, personal)))?.name).toBe("mine.pdf");
  });
});
