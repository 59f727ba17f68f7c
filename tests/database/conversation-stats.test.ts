import { describe, expect, it } from "vitest";
import { asService } from "@/server/db/client";
import { createConversation, createTeam, insertMessage } from "../support/fixtures";

async function conversation(id: string) {
  const [row] = await asService(
    (tx) => tx<
      {
        last_message_at: Date;
        last_message_preview: string;
        unread_count: number;
        is_read: boolean;
        status: string;
        last_customer_message_at: Date | null;
      }[]
    >`select last_message_at, last_message_preview, unread_count, is_read, status, last_customer_message_at
      from public.conversations where id = ${id}`,
  );
  if (!row) throw new Error("conversation missing");
  return row;
}

describe("conversation stats triggers", () => {
  it("keeps the newest message by provider time when messages arrive out of order", async () => {
    const { workspaceId } = await createTeam();
    const { conversationId } = await createConversation(workspaceId);
    const t = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute));

    await insertMessage(workspaceId, conversationId, { direction: "inbound", sentAt: t(5), body: "third" });
    await insertMessage(workspaceId, conversationId, { direction: "inbound", sentAt: t(1), body: "first" });
    await insertMessage(workspaceId, conversationId, { direction: "outbound", sentAt: t(3), body: "second" });

    const row = await conversation(conversationId);
    expect(row.last_message_at).toEqual(t(5));
    expect(row.last_message_preview).toBe("third");
    expect(row.last_customer_message_at).toEqual(t(5));
  });

  it("keeps the first customer message and the first reply after it, whatever order they arrive in", async () => {
    const { workspaceId } = await createTeam();
    const { conversationId } = await createConversation(workspaceId);
    const t = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute));
    const first = async () => {
      const [row] = await asService(
        (tx) => tx<{ asked: Date | null; answered: Date | null }[]>`
          select first_customer_message_at as asked, first_reply_at as answered from public.conversations where id = ${conversationId}`,
      );
      return row;
    };

    // A broadcast before the customer ever wrote is no reply.
    await insertMessage(workspaceId, conversationId, { direction: "outbound", sentAt: t(0) });
    expect(await first()).toEqual({ asked: null, answered: null });
    await insertMessage(workspaceId, conversationId, { direction: "inbound", sentAt: t(10) });
    await insertMessage(workspaceId, conversationId, { direction: "outbound", sentAt: t(30) });
    expect(await first()).toEqual({ asked: t(10), answered: t(30) });
    // Notes and reactions are neither a question nor an answer.
    await insertMessage(workspaceId, conversationId, { direction: "outbound", sentAt: t(15), type: "note" });
    await insertMessage(workspaceId, conversationId, { direction: "inbound", sentAt: t(2), type: "reaction" });
    expect(await first()).toEqual({ asked: t(10), answered: t(30) });
    // A reply delivered late, still after the first question, is the first reply.
    await insertMessage(workspaceId, conversationId, { direction: "outbound", sentAt: t(20) });
    expect(await first()).toEqual({ asked: t(10), answered: t(20) });
    // An earlier customer message turning up late: the first reply is looked up again (the broadcast at 0 is before it).
    await insertMessage(workspaceId, conversationId, { direction: "inbound", sentAt: t(5) });
    expect(await first()).toEqual({ asked: t(5), answered: t(20) });

    // Messages moved in from another conversation (a contact merge) count there.
    const other = await createConversation(workspaceId);
    await insertMessage(workspaceId, other.conversationId, { direction: "inbound", sentAt: t(1) });
    await insertMessage(workspaceId, other.conversationId, { direction: "outbound", sentAt: t(3) });
    await asService(
      (tx) => tx`update public.messages set conversation_id = ${conversationId} where conversation_id = ${other.conversationId}`,
    );
    expect(await first()).toEqual({ asked: t(1), answered: t(3) });
  });

  it("counts inbound messages as unread, outbound and historical ones not", async () => {
    const { workspaceId } = await createTeam();
    const { conversationId } = await createConversation(workspaceId);
    const now = Date.now();
    await insertMessage(workspaceId, conversationId, { direction: "inbound", sentAt: new Date(now - 3000) });
    await insertMessage(workspaceId, conversationId, { direction: "inbound", sentAt: new Date(now - 2000) });
    await insertMessage(workspaceId, conversationId, { direction: "outbound", sentAt: new Date(now - 1000) });
    await insertMessage(workspaceId, conversationId, { direction: "inbound", sentAt: new Date(now - 90_000), historical: true });

    const row = await conversation(conversationId);
    expect(row.unread_count).toBe(2);
    expect(row.is_read).toBe(false);
  });

  it("reopens a resolved conversation when the customer writes again", async () => {
    const { workspaceId } = await createTeam();
    const { conversationId } = await createConversation(workspaceId);
    await asService((tx) => tx`update public.conversations set status = 'resolved' where id = ${conversationId}`);
    await insertMessage(workspaceId, conversationId, { direction: "outbound", sentAt: new Date() });
    expect((await conversation(conversationId)).status).toBe("resolved");
    await insertMessage(workspaceId, conversationId, { direction: "inbound", sentAt: new Date() });
    expect((await conversation(conversationId)).status).toBe("open");
  });

  it("rejects a duplicate wamid and a duplicate phone number within a workspace", async () => {
    const { workspaceId } = await createTeam();
    const { conversationId } = await createConversation(workspaceId, { phone: "+6281311112222" });
    await insertMessage(workspaceId, conversationId, { direction: "inbound", sentAt: new Date(), wamid: "wamid.dup" });
    await expect(
      insertMessage(workspaceId, conversationId, { direction: "inbound", sentAt: new Date(), wamid: "wamid.dup" }),
    ).rejects.toMatchObject({ code: "23505", constraint_name: "messages_workspace_id_wamid_key" });
    await expect(
      asService((tx) => tx`insert into public.contacts (workspace_id, phone_e164) values (${workspaceId}, '+6281311112222')`),
    ).rejects.toMatchObject({ code: "23505", constraint_name: "contacts_workspace_id_phone_e164_key" });

    // The same number in another workspace is another tenant's contact.
    const other = await createTeam();
    await expect(createConversation(other.workspaceId, { phone: "+6281311112222" })).resolves.toBeDefined();
  });
});
