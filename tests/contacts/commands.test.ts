import { beforeAll, describe, expect, it } from "vitest";
import { addContactNote, bulkUpdateContacts, createContact, deleteContact, mergeContacts, updateContact } from "@/server/contacts/commands";
import { getContact, listTimeline } from "@/server/contacts/queries";
import { createField } from "@/server/contacts/settings";
import { asService, asUser } from "@/server/db/client";
import { assignConversation } from "@/server/inbox/commands";
import { createTeam, insertMessage } from "../support/fixtures";
import { createChannel, customerWrites, type TestChannel } from "../support/webhooks";
import { actorIn, contactRow, eventsOf, expectAppError, indonesianMobile } from "./support";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;
let channel: TestChannel;

beforeAll(async () => {
  team = await createTeam();
  other = await createTeam();
  channel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
});

const asAgent = <T>(fn: Parameters<typeof asUser<T>>[1]) => asUser(team.agent.claims, fn);
const agent = () => actorIn(team.workspaceId, team.agent);

describe("creating and editing contacts", () => {
  it("a contact typed with a local number and a later WhatsApp message from it are the same person", async () => {
    const waId = indonesianMobile();
    const local = `0${waId.slice(2, 5)}-${waId.slice(5, 9)}-${waId.slice(9)}`;
    const { id } = await asAgent((tx) =>
      createContact(tx, agent(), { phone: local, name: " Rina ", email: "Rina@Example.com", tags: ["VIP", "vip"] }),
    );
    expect(await contactRow(id)).toMatchObject({
      phone_e164: `+${waId}`,
      name: "Rina",
      email: "rina@example.com",
      tags: ["vip"],
      source: "manual",
      lead_status: "new",
    });
    const inbound = await customerWrites(channel, { from: waId, name: "Rina WA", text: "Halo" });
    expect(inbound.contactId).toBe(id);
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual(["created"]);
    expect((await eventsOf(id))[0]?.actor_id).toBe(team.agent.id);
  });

  it("a phone number already taken is a conflict that names the existing contact, in any written form", async () => {
    const waId = indonesianMobile();
    const first = await asAgent((tx) => createContact(tx, agent(), { phone: `+${waId}`, name: "Pertama" }));
    const error = await expectAppError(
      asAgent((tx) => createContact(tx, agent(), { phone: `0${waId.slice(2)}`, name: "Kedua" })),
      "conflict",
      /already belongs to Pertama/,
    );
    expect(error.details).toEqual({ contactId: first.id });

    const second = await asAgent((tx) => createContact(tx, agent(), { phone: indonesianMobile() }));
    await expectAppError(
      asAgent((tx) => updateContact(tx, agent(), second.id, { phone: `00${waId}` })),
      "conflict",
      /Pertama/,
    );
    const [count] = await asService(
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.contacts where phone_e164 = ${`+${waId}`}`,
    );
    expect(count?.n).toBe(1);
  });

  it("refuses a number that is not a phone number, an unknown stage and a non-member owner", async () => {
    await expectAppError(
      asAgent((tx) => createContact(tx, agent(), { phone: "12345" })),
      "invalid",
      /not a valid phone number/,
    );
    await expectAppError(
      asAgent((tx) => createContact(tx, agent(), { phone: indonesianMobile(), leadStatus: "hot" })),
      "invalid",
      /lead status/i,
    );
    await expectAppError(
      asAgent((tx) => createContact(tx, agent(), { phone: indonesianMobile(), ownerId: other.owner.id })),
      "invalid",
      /members of this workspace/,
    );
  });

  it("custom fields: only the workspace's fields, values checked against their type, null clears one", async () => {
    await asUser(team.admin.claims, (tx) =>
      createField(tx, actorIn(team.workspaceId, team.admin), { label: "Order size (kg)", type: "number" }),
    );
    await asUser(team.admin.claims, (tx) => createField(tx, actorIn(team.workspaceId, team.admin), { label: "Birthday", type: "date" }));
    const { id } = await asAgent((tx) =>
      createContact(tx, agent(), { phone: indonesianMobile(), customAttributes: { order_size_kg: "12.5", birthday: "1990-04-01" } }),
    );
    expect((await contactRow(id))?.custom_attributes).toEqual({ order_size_kg: 12.5, birthday: "1990-04-01" });

    await expectAppError(
      asAgent((tx) => updateContact(tx, agent(), id, { customAttributes: { order_size_kg: "banyak" } })),
      "invalid",
      /number/,
    );
    await expectAppError(
      asAgent((tx) => updateContact(tx, agent(), id, { customAttributes: { shoe_size: "42" } })),
      "invalid",
      /not a custom field/,
    );
    await asAgent((tx) => updateContact(tx, agent(), id, { customAttributes: { birthday: null, order_size_kg: 3 } }));
    expect((await contactRow(id))?.custom_attributes).toEqual({ order_size_kg: 3 });
  });

  it("a contact of another workspace is not found, and stays unchanged", async () => {
    const theirs = await asUser(other.owner.claims, (tx) =>
      createContact(tx, actorIn(other.workspaceId, other.owner), { phone: indonesianMobile(), name: "Milik B" }),
    );
    await expectAppError(
      asAgent((tx) => updateContact(tx, agent(), theirs.id, { name: "Diambil" })),
      "not_found",
    );
    await expectAppError(
      asAgent((tx) => getContact(tx, team.workspaceId, theirs.id)),
      "not_found",
    );
    await expectAppError(
      asAgent((tx) => addContactNote(tx, agent(), theirs.id, "intip")),
      "not_found",
    );
    // Even naming their workspace: RLS hides the row.
    await expectAppError(
      asAgent((tx) => updateContact(tx, { ...agent(), workspaceId: other.workspaceId }, theirs.id, { name: "Diambil" })),
      "not_found",
    );
    expect((await contactRow(theirs.id))?.name).toBe("Milik B");
  });
});

describe("bulk changes and the timeline", () => {
  it("sets a status, adds a tag and assigns an owner to many contacts, each change on their timelines", async () => {
    const ids = await Promise.all(
      [1, 2, 3].map(() => asAgent((tx) => createContact(tx, agent(), { phone: indonesianMobile(), tags: ["cod"] }))),
    );
    const contactIds = ids.map((r) => r.id);
    await asAgent((tx) => bulkUpdateContacts(tx, agent(), contactIds, { kind: "status", status: "qualified" }));
    await asAgent((tx) => bulkUpdateContacts(tx, agent(), contactIds, { kind: "tag", tag: " Promo " }));
    await asAgent((tx) => bulkUpdateContacts(tx, agent(), contactIds, { kind: "tag", tag: "promo" }));
    const result = await asAgent((tx) => bulkUpdateContacts(tx, agent(), contactIds, { kind: "owner", ownerId: team.admin.id }));
    expect(result).toEqual({ updated: 3 });
    for (const id of contactIds) {
      expect(await contactRow(id)).toMatchObject({ lead_status: "qualified", tags: ["cod", "promo"], owner_id: team.admin.id });
      const events = await eventsOf(id);
      expect(events.map((e) => e.kind)).toEqual(["created", "status_changed", "owner_changed"]);
      expect(events[1]).toMatchObject({ actor_id: team.agent.id, data: { from: "new", to: "qualified" } });
      expect(events[2]).toMatchObject({ data: { from: null, to: team.admin.id } });
    }
  });

  it("a batch with another workspace's contact changes nothing", async () => {
    const mine = await asAgent((tx) => createContact(tx, agent(), { phone: indonesianMobile() }));
    const theirs = await asUser(other.owner.claims, (tx) =>
      createContact(tx, actorIn(other.workspaceId, other.owner), { phone: indonesianMobile() }),
    );
    await expectAppError(
      asAgent((tx) => bulkUpdateContacts(tx, agent(), [mine.id, theirs.id], { kind: "status", status: "won" })),
      "not_found",
    );
    expect((await contactRow(mine.id))?.lead_status).toBe("new");
    expect((await contactRow(theirs.id))?.lead_status).toBe("new");
  });

  it("the timeline interleaves messages, notes, status changes and conversation assignments, newest first, in pages", async () => {
    const inbound = await customerWrites(channel, { from: indonesianMobile(), text: "Ada stok?", at: new Date(Date.now() - 3600_000) });
    const actor = agent();
    await asAgent((tx) => updateContact(tx, actor, inbound.contactId, { leadStatus: "contacted" }));
    await asAgent((tx) =>
      assignConversation(tx, { workspaceId: team.workspaceId, userId: team.agent.id }, inbound.conversationId, team.agent.id),
    );
    await asAgent((tx) => addContactNote(tx, actor, inbound.contactId, "  Minta katalog  "));
    await insertMessage(team.workspaceId, inbound.conversationId, {
      direction: "outbound",
      sentAt: new Date(Date.now() + 1000),
      body: "Ada kak",
    });

    const all = await asAgent((tx) => listTimeline(tx, team.workspaceId, inbound.contactId, { limit: 50 }));
    expect(all.items.map((i) => (i.kind === "message" ? `message:${i.data.preview}` : i.kind))).toEqual([
      "message:Ada kak",
      "note",
      "conversation_assigned",
      "status_changed",
      "created",
      "message:Ada stok?",
    ]);
    expect(all.items.find((i) => i.kind === "note")?.data).toEqual({ text: "Minta katalog" });

    const first = await asAgent((tx) => listTimeline(tx, team.workspaceId, inbound.contactId, { limit: 4 }));
    const second = await asAgent((tx) => listTimeline(tx, team.workspaceId, inbound.contactId, { limit: 4, before: first.nextCursor }));
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(all.items.map((i) => i.id));
    expect(second.nextCursor).toBeNull();
  });

  it("members can only write notes in their own name on the timeline", async () => {
    const { id } = await asAgent((tx) => createContact(tx, agent(), { phone: indonesianMobile() }));
    for (const attempt of [
      { kind: "status_changed", actor: team.agent.id },
      { kind: "note", actor: team.admin.id },
    ]) {
      const error = await asAgent(
        (tx) => tx`insert into public.contact_events (workspace_id, contact_id, kind, actor_id)
                   values (${team.workspaceId}, ${id}, ${attempt.kind}, ${attempt.actor})`,
      ).catch((e: { code?: string }) => e);
      expect(error).toMatchObject({ code: "42501" });
    }
  });
});

describe("merging contacts", () => {
  it("moves conversations and messages, folds two conversations on one number, keeps the later last message and adds unread counts", async () => {
    const secondChannel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
    const keepPhone = indonesianMobile();
    const dropPhone = indonesianMobile();
    const older = new Date(Date.now() - 7200_000);
    const newer = new Date(Date.now() - 600_000);
    const keep = await customerWrites(channel, { from: keepPhone, name: "Budi", text: "Pesan lama", at: older });
    const dropSame = await customerWrites(channel, { from: dropPhone, name: "Budi 2", text: "Pesan baru", at: newer });
    await customerWrites(channel, { from: dropPhone, text: "Halo lagi", at: new Date(newer.getTime() + 1000) });
    const dropOther = await customerWrites(secondChannel, { from: dropPhone, text: "Nomor kedua", at: newer });
    await asAgent((tx) =>
      updateContact(tx, agent(), dropSame.contactId, { tags: ["grosir"], email: "budi@example.com", leadStatus: "won" }),
    );
    await asAgent((tx) => updateContact(tx, agent(), keep.contactId, { tags: ["vip"], notes: "Catatan A" }));
    await asAgent((tx) => addContactNote(tx, agent(), dropSame.contactId, "Catatan di kontak kedua"));

    await expectAppError(
      asAgent((tx) => mergeContacts(tx, agent(), keep.contactId, dropSame.contactId)),
      "forbidden",
      /admins/,
    );
    const admin = actorIn(team.workspaceId, team.admin);
    await asUser(team.admin.claims, (tx) => mergeContacts(tx, admin, keep.contactId, dropSame.contactId));
    const audit = await asService(
      (tx) => tx`select action, actor_id, target_id, target_label, details from public.audit_log
                 where workspace_id = ${team.workspaceId} and action = 'contact.merged'`,
    );
    expect(audit).toEqual([
      {
        action: "contact.merged",
        actor_id: team.admin.id,
        target_id: keep.contactId,
        target_label: "Budi",
        // Its profile name as WhatsApp last sent it ("Halo lagi" came without one, as "Customer").
        details: { merged_contact_id: dropSame.contactId, merged_contact: "Customer" },
      },
    ]);

    expect(await contactRow(dropSame.contactId)).toBeNull();
    const merged = await asUser(team.admin.claims, (tx) => getContact(tx, team.workspaceId, keep.contactId));
    expect(merged).toMatchObject({ phone_e164: `+${keepPhone}`, email: "budi@example.com", tags: ["grosir", "vip"], lead_status: "new" });
    expect(merged.conversations.map((c) => c.id).sort()).toEqual([keep.conversationId, dropOther.conversationId].sort());

    const [folded] = await asService(
      (tx) => tx<{ unread_count: number; last_message_preview: string; messages: number }[]>`
        select c.unread_count, c.last_message_preview,
               (select count(*)::int from public.messages m where m.conversation_id = c.id) as messages
        from public.conversations c where c.id = ${keep.conversationId}`,
    );
    expect(folded).toEqual({ unread_count: 3, last_message_preview: "Halo lagi", messages: 3 });
    const [gone] = await asService((tx) => tx`select 1 from public.conversations where id = ${dropSame.conversationId}`);
    expect(gone).toBeUndefined();

    const kinds = (await eventsOf(keep.contactId)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["note", "merged", "status_changed"]));
    expect((await eventsOf(keep.contactId)).find((e) => e.kind === "merged")?.data).toMatchObject({
      phone: `+${dropPhone}`,
      status: "won",
    });
  });

  it("refuses the same contact twice and another workspace's contact", async () => {
    const admin = actorIn(team.workspaceId, team.admin);
    const mine = await asAgent((tx) => createContact(tx, agent(), { phone: indonesianMobile() }));
    const theirs = await asUser(other.owner.claims, (tx) =>
      createContact(tx, actorIn(other.workspaceId, other.owner), { phone: indonesianMobile() }),
    );
    await expectAppError(
      asUser(team.admin.claims, (tx) => mergeContacts(tx, admin, mine.id, mine.id)),
      "conflict",
    );
    await expectAppError(
      asUser(team.admin.claims, (tx) => mergeContacts(tx, admin, mine.id, theirs.id)),
      "not_found",
    );
    await expectAppError(
      asUser(team.admin.claims, (tx) => mergeContacts(tx, { ...admin, workspaceId: other.workspaceId }, mine.id, theirs.id)),
      "forbidden",
    );
    expect(await contactRow(theirs.id)).not.toBeNull();
    expect(await contactRow(mine.id)).not.toBeNull();
  });
});

describe("deleting contacts", () => {
  it("an admin erases a contact with its conversations and messages, recorded in the audit log; agents and other workspaces cannot", async () => {
    const phone = indonesianMobile();
    const written = await customerWrites(channel, { from: phone, name: "Hapus Saya", text: "Tolong hapus data saya" });
    await customerWrites(channel, { from: phone, name: "Hapus Saya", text: "Terima kasih" });

    await expectAppError(
      asAgent((tx) => deleteContact(tx, agent(), written.contactId)),
      "forbidden",
      /admins/,
    );
    await expectAppError(
      asUser(other.owner.claims, (tx) => deleteContact(tx, actorIn(other.workspaceId, other.owner), written.contactId)),
      "not_found",
    );
    expect(await contactRow(written.contactId)).not.toBeNull();

    await asUser(team.admin.claims, (tx) => deleteContact(tx, actorIn(team.workspaceId, team.admin), written.contactId));
    expect(await contactRow(written.contactId)).toBeNull();
    const [left] = await asService(
      (tx) => tx<{ conversations: number; messages: number }[]>`
        select (select count(*)::int from public.conversations where id = ${written.conversationId}) as conversations,
               (select count(*)::int from public.messages where conversation_id = ${written.conversationId}) as messages`,
    );
    expect(left).toEqual({ conversations: 0, messages: 0 });
    const [audit] = await asService(
      (tx) => tx`select actor_id, target_id, target_label, details from public.audit_log
                 where workspace_id = ${team.workspaceId} and action = 'contact.deleted' and target_id = ${written.contactId}`,
    );
    expect(audit).toMatchObject({
      actor_id: team.admin.id,
      target_label: "Hapus Saya",
      details: { phone: `+${phone}`, conversations: 1, messages: 2 },
    });
    await expectAppError(
      asUser(team.admin.claims, (tx) => deleteContact(tx, actorIn(team.workspaceId, team.admin), written.contactId)),
      "not_found",
    );
  });
});
