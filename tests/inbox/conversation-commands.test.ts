import { beforeAll, describe, expect, it } from "vitest";
import { INBOX_PRESETS, type InboxPreset } from "@/lib/conversation-filter";
import { updateContact } from "@/server/contacts/commands";
import { asService, asUser } from "@/server/db/client";
import { addNote, assignConversation, linkContactToConversation, markAsRead } from "@/server/inbox/commands";
import { sendReadReceipt } from "@/server/inbox/delivery";
import { readReceiptJob, sendMessageJob } from "@/server/inbox/jobs";
import { getConversation, listConversations, listMessages } from "@/server/inbox/queries";
import { setConversationStatus } from "@/server/inbox/status";
import type { Actor } from "@/server/workspaces/actor";
import { expectAppError } from "../support/app-error";
import { connectChannel, GRAPH_ERRORS, jobsFor, useFakeProvider, workJob } from "../support/fake-provider";
import { createConversation, createTeam, createUser, type TestUser, unique } from "../support/fixtures";
import { createChannel, customerWrites, type TestChannel } from "../support/webhooks";

const fake = useFakeProvider();
let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;

const customerPhone = () => `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;
const actorOf = (user: TestUser): Actor => ({ workspaceId: team.workspaceId, userId: user.id });

async function conversationRow(id: string) {
  const [row] = await asService(
    (tx) => tx<
      {
        unread_count: number;
        is_read: boolean;
        status: string;
        assigned_to: string | null;
        contact_id: string;
        last_message_at: Date | null;
        last_message_preview: string | null;
        last_message_direction: string | null;
        last_message_type: string | null;
      }[]
    >`select unread_count, is_read, status, assigned_to, contact_id, last_message_at, last_message_preview, last_message_direction,
             last_message_type
      from public.conversations where id = ${id}`,
  );
  if (!row) throw new Error(`no conversation ${id}`);
  return row;
}

async function newConversation(text = "Halo kak") {
  const from = customerPhone();
  return { ...(await customerWrites(channel, { from, text, at: new Date(Date.now() - 60_000) })), from };
}

const listIds = async (user: TestUser, filter: InboxPreset, search?: string) =>
  (
    await asUser(user.claims, (tx) =>
      listConversations(tx, team.workspaceId, { userId: user.id, filter: INBOX_PRESETS[filter], search, country: "ID", limit: 100 }),
    )
  ).items.map((c) => c.id);

beforeAll(async () => {
  team = await createTeam();
  channel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
  await connectChannel(fake, channel, "meta");
});

describe("markAsRead and read receipts", () => {
  it("reads an unread conversation once and queues one receipt for the newest inbound message", async () => {
    const from = customerPhone();
    const base = Math.floor(Date.now() / 1000) * 1000 - 120_000;
    const first = await customerWrites(channel, { from, text: "Halo", at: new Date(base) });
    const newest = await customerWrites(channel, { from, text: "Ada ukuran L?", at: new Date(base + 30_000) });
    // A reaction after it is not what the receipt points at.
    await customerWrites(channel, {
      from,
      at: new Date(base + 60_000),
      message: { type: "reaction", reaction: { message_id: first.wamid, emoji: "👍" } },
    });
    expect(await conversationRow(newest.conversationId)).toMatchObject({ unread_count: 2, is_read: false });

    expect(await asUser(team.agent.claims, (tx) => markAsRead(tx, actorOf(team.agent), newest.conversationId))).toEqual({ changed: true });
    expect(await conversationRow(newest.conversationId)).toMatchObject({ unread_count: 0, is_read: true });
    expect(await jobsFor(readReceiptJob.name, newest.messageId)).toHaveLength(1);
    expect(await jobsFor(readReceiptJob.name, first.messageId)).toHaveLength(0);

    expect(await workJob(readReceiptJob.name, newest.messageId, () => sendReadReceipt(newest.messageId))).toBe("sent");
    const receipts = fake.readReceipts(channel.phoneNumberId);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ method: "POST", path: `/${channel.phoneNumberId}/messages`, status: 200 });
    expect(receipts[0]?.json).toEqual({ messaging_product: "whatsapp", status: "read", message_id: newest.wamid });

    // Opening it again changes nothing and queues nothing.
    expect(await asUser(team.agent.claims, (tx) => markAsRead(tx, actorOf(team.agent), newest.conversationId))).toEqual({ changed: false });
    expect(await jobsFor(readReceiptJob.name, newest.messageId)).toHaveLength(1);
  });

  it("a refused receipt is skipped, a transient failure is retried", async () => {
    const inbound = await newConversation();
    fake.failNext(1, { status: 400, body: { error: { message: "(#100) Invalid parameter", code: 100 } } }, { route: "messages" });
    expect(await sendReadReceipt(inbound.messageId)).toBe("skipped");
    fake.failNext(1, GRAPH_ERRORS.serviceUnavailable, { route: "messages" });
    await expect(sendReadReceipt(inbound.messageId)).rejects.toMatchObject({ status: 500 });
    expect(await sendReadReceipt(inbound.messageId)).toBe("sent");
  });

  it("a conversation without inbound messages is read without a receipt", async () => {
    const { conversationId } = await createConversation(team.workspaceId);
    await asService((tx) => tx`update public.conversations set unread_count = 1, is_read = false where id = ${conversationId}`);
    expect(await asUser(team.agent.claims, (tx) => markAsRead(tx, actorOf(team.agent), conversationId))).toEqual({ changed: true });
    // No inbound message, so nothing a receipt could point at.
    const [messages] = await asService(
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.messages where conversation_id = ${conversationId}`,
    );
    expect(messages?.n).toBe(0);
    expect(await conversationRow(conversationId)).toMatchObject({ unread_count: 0, is_read: true });
  });
});

describe("internal notes", () => {
  it("are stored as notes, never sent, never the last message or the preview", async () => {
    const inbound = await newConversation("Bisa COD?");
    const before = await conversationRow(inbound.conversationId);
    const note = await asUser(team.agent.claims, (tx) =>
      addNote(tx, actorOf(team.agent), {
        conversationId: inbound.conversationId,
        idempotencyKey: unique("key"),
        text: "  Pelanggan lama, kasih diskon  ",
      }),
    );
    expect(note.created).toBe(true);
    const [row] = await asService(
      (tx) => tx`select type, direction, status, body, wamid, sender_user_id from public.messages where id = ${note.id}`,
    );
    expect(row).toEqual({
      type: "note",
      direction: "outbound",
      status: "sent",
      body: "Pelanggan lama, kasih diskon",
      wamid: null,
      sender_user_id: team.agent.id,
    });
    expect(await jobsFor(sendMessageJob.name, note.id)).toHaveLength(0);

    const after = await conversationRow(inbound.conversationId);
    expect(after).toMatchObject({
      last_message_at: before.last_message_at,
      last_message_preview: "Bisa COD?",
      last_message_direction: "inbound",
      last_message_type: "text",
      unread_count: before.unread_count,
    });
    // Shown in the thread, not found by the inbox search.
    const thread = await asUser(team.agent.claims, (tx) => listMessages(tx, team.workspaceId, inbound.conversationId, { limit: 10 }));
    expect(thread.messages.map((m) => m.type)).toEqual(["text", "note"]);
    expect(await listIds(team.agent, "all", "kasih diskon")).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it("can be written outside the 24-hour window, but not empty", async () => {
    const inbound = await newConversation();
    await asService(
      (tx) => tx`update public.conversations set last_customer_message_at = now() - interval '3 days' where id = ${inbound.conversationId}`,
    );
    const note = await asUser(team.agent.claims, (tx) =>
      addNote(tx, actorOf(team.agent), { conversationId: inbound.conversationId, idempotencyKey: unique("key"), text: "Follow up besok" }),
    );
    expect(note.created).toBe(true);
    await expectAppError(
      asUser(team.agent.claims, (tx) =>
        addNote(tx, actorOf(team.agent), { conversationId: inbound.conversationId, idempotencyKey: unique("key"), text: "  " }),
      ),
      "invalid",
    );
  });
});

describe("assignment and archiving", () => {
  it("assigns to a member, reassigns, unassigns; the filters follow", async () => {
    const { conversationId } = await newConversation();
    await asUser(team.agent.claims, (tx) => assignConversation(tx, actorOf(team.agent), conversationId, team.agent.id));
    expect((await conversationRow(conversationId)).assigned_to).toBe(team.agent.id);
    expect(await listIds(team.agent, "mine")).toContain(conversationId);
    expect(await listIds(team.agent, "unassigned")).not.toContain(conversationId);

    await asUser(team.agent.claims, (tx) => assignConversation(tx, actorOf(team.agent), conversationId, team.admin.id));
    expect((await conversationRow(conversationId)).assigned_to).toBe(team.admin.id);
    expect(await listIds(team.agent, "mine")).not.toContain(conversationId);
    expect(await listIds(team.admin, "mine")).toContain(conversationId);

    await asUser(team.agent.claims, (tx) => assignConversation(tx, actorOf(team.agent), conversationId, null));
    expect((await conversationRow(conversationId)).assigned_to).toBeNull();
    expect(await listIds(team.agent, "unassigned")).toContain(conversationId);
  });

  it("refuses to assign to someone who is not a member", async () => {
    const { conversationId } = await newConversation();
    const outsider = await createUser();
    await expectAppError(
      asUser(team.agent.claims, (tx) => assignConversation(tx, actorOf(team.agent), conversationId, outsider.id)),
      "invalid",
    );
    expect((await conversationRow(conversationId)).assigned_to).toBeNull();
  });

  it("resolves and reopens; a customer writing again brings it back", async () => {
    const inbound = await newConversation();
    await asUser(team.agent.claims, (tx) => setConversationStatus(tx, actorOf(team.agent), inbound.conversationId, { status: "resolved" }));
    expect((await conversationRow(inbound.conversationId)).status).toBe("resolved");
    expect(await listIds(team.agent, "all")).not.toContain(inbound.conversationId);
    expect(await listIds(team.agent, "resolved")).toContain(inbound.conversationId);

    await asUser(team.agent.claims, (tx) => setConversationStatus(tx, actorOf(team.agent), inbound.conversationId, { status: "open" }));
    expect((await conversationRow(inbound.conversationId)).status).toBe("open");
    expect(await listIds(team.agent, "resolved")).not.toContain(inbound.conversationId);

    await asUser(team.agent.claims, (tx) => setConversationStatus(tx, actorOf(team.agent), inbound.conversationId, { status: "resolved" }));
    await customerWrites(channel, { from: inbound.from, text: "Kak?" });
    expect((await conversationRow(inbound.conversationId)).status).toBe("open");
  });

  it("refuses an unknown conversation id", async () => {
    const unknown = "00000000-0000-4000-8000-00000000abcd";
    await expectAppError(
      asUser(team.agent.claims, (tx) => setConversationStatus(tx, actorOf(team.agent), unknown, { status: "resolved" })),
      "not_found",
    );
    await expectAppError(
      asUser(team.agent.claims, (tx) => assignConversation(tx, actorOf(team.agent), unknown, null)),
      "not_found",
    );
    await expectAppError(
      asUser(team.agent.claims, (tx) => markAsRead(tx, actorOf(team.agent), unknown)),
      "not_found",
    );
  });
});

describe("contacts", () => {
  async function plainContact(name: string) {
    const [row] = await asService(
      (tx) => tx<{ id: string }[]>`
        insert into public.contacts (workspace_id, phone_e164, name)
        values (${team.workspaceId}, ${`+${customerPhone()}`}, ${name}) returning id`,
    );
    if (!row) throw new Error("no contact");
    return row.id;
  }

  it("links a conversation to another contact", async () => {
    const inbound = await newConversation();
    const lead = await plainContact("Budi (nomor kantor)");
    await asUser(team.agent.claims, (tx) => linkContactToConversation(tx, actorOf(team.agent), inbound.conversationId, lead));
    expect((await conversationRow(inbound.conversationId)).contact_id).toBe(lead);
    const detail = await asUser(team.agent.claims, (tx) => getConversation(tx, team.workspaceId, inbound.conversationId));
    expect(detail).toMatchObject({
      contact_id: lead,
      contact_name: "Budi (nomor kantor)",
      contact: { id: lead, name: "Budi (nomor kantor)" },
    });
  });

  it("refuses, clearly, a contact that already has a conversation on this number; and an unknown contact", async () => {
    const first = await newConversation();
    const second = await newConversation();
    await expectAppError(
      asUser(team.agent.claims, (tx) => linkContactToConversation(tx, actorOf(team.agent), first.conversationId, second.contactId)),
      "conflict",
      /already has a conversation/,
    );
    expect((await conversationRow(first.conversationId)).contact_id).toBe(first.contactId);
    await expectAppError(
      asUser(team.agent.claims, (tx) =>
        linkContactToConversation(tx, actorOf(team.agent), first.conversationId, "00000000-0000-4000-8000-00000000abcd"),
      ),
      "not_found",
    );
  });

  it("updates name, lead status, tags and notes (trimmed, tags de-duplicated); an empty name falls back to the profile name", async () => {
    const inbound = await newConversation();
    await asUser(team.agent.claims, (tx) =>
      updateContact(tx, { ...actorOf(team.agent), country: "ID" }, inbound.contactId, {
        name: "  Budi Santoso ",
        leadStatus: "qualified",
        tags: [" vip", "vip", "", "reseller "],
        notes: "  Suka warna merah\n",
      }),
    );
    let detail = await asUser(team.agent.claims, (tx) => getConversation(tx, team.workspaceId, inbound.conversationId));
    expect(detail.contact).toMatchObject({
      name: "Budi Santoso",
      lead_status: "qualified",
      tags: ["vip", "reseller"],
      notes: "Suka warna merah",
    });
    expect(detail.contact_name).toBe("Budi Santoso");

    await asUser(team.agent.claims, (tx) =>
      updateContact(tx, { ...actorOf(team.agent), country: "ID" }, inbound.contactId, { name: "  ", notes: null }),
    );
    detail = await asUser(team.agent.claims, (tx) => getConversation(tx, team.workspaceId, inbound.conversationId));
    expect(detail.contact).toMatchObject({ name: null, notes: null, lead_status: "qualified", tags: ["vip", "reseller"] });
    expect(detail.contact_name).toBe("Customer");
  });

  it("refuses an unknown lead status and changes nothing", async () => {
    const inbound = await newConversation();
    await expectAppError(
      asUser(team.agent.claims, (tx) =>
        updateContact(tx, { ...actorOf(team.agent), country: "ID" }, inbound.contactId, { name: "X", leadStatus: "hot" }),
      ),
      "invalid",
      /lead status/i,
    );
    const [row] = await asService((tx) => tx`select name, lead_status from public.contacts where id = ${inbound.contactId}`);
    expect(row).toEqual({ name: null, lead_status: "new" });
    await expectAppError(
      asUser(team.agent.claims, (tx) =>
        updateContact(tx, { ...actorOf(team.agent), country: "ID" }, "00000000-0000-4000-8000-00000000abcd", { name: "Nobody" }),
      ),
      "not_found",
    );
  });
});
