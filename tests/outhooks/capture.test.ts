import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import * as contactsRoute from "@/app/api/v1/contacts/route";
import * as conversationById from "@/app/api/v1/conversations/[id]/route";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhook-events";
import { EVENT_DATA, eventEnvelope } from "@/server/api/webhook-event-schemas";
import { updateContact } from "@/server/contacts/commands";
import { asService, asUser } from "@/server/db/client";
import { runBulkAction } from "@/server/inbox/bulk";
import { assignConversation } from "@/server/inbox/commands";
import { setConversationStatus } from "@/server/inbox/status";
import { stopQueue } from "@/server/jobs/queue";
import { dispatchOutbox } from "@/server/outhooks/dispatch";
import { createSubscription, listDeliveries, setSubscriptionPaused } from "@/server/outhooks/subscriptions";
import { metaStatus, newWamid } from "../../scripts/webhooks/payloads";
import { apiRequest, createKey, params, read } from "../support/api";
import { createTeam } from "../support/fixtures";
import { createChannel, customerWrites, deliverAndProcess, type TestChannel } from "../support/webhooks";

let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
let subscriptionId: string;
let quiet: TestChannel;

const randomNumber = () => `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;

beforeAll(async () => {
  team = await createTeam();
  channel = await createChannel({ workspaceId: team.workspaceId });
  const created = await asUser(team.admin.claims, (tx) =>
    createSubscription(
      tx,
      { workspaceId: team.workspaceId, userId: team.admin.id },
      { url: "https://hooks.example.com/conversa", events: [...WEBHOOK_EVENT_TYPES] },
    ),
  );
  subscriptionId = created.subscription.id;
  // A workspace nobody subscribed to.
  quiet = await createChannel();
});

afterAll(() => stopQueue());

interface OutboxEvent {
  id: string;
  type: string;
  entity_id: string;
  changes: Record<string, unknown>;
}

/** Events captured in a workspace since the last call (the outbox's undispatched rows), then dispatched. */
async function takeEvents(workspaceId: string) {
  const events = await asService(
    (tx) => tx<OutboxEvent[]>`
      select id, type, entity_id, changes from public.webhook_outbox
      where workspace_id = ${workspaceId} and dispatched_at is null order by seq`,
  );
  while ((await dispatchOutbox()) > 0) {}
  return events;
}

/** The payload an event was delivered with, checked against the documented schema of its type. */
async function payloadOf(event: OutboxEvent) {
  const [row] = await asService((tx) => tx<{ payload: unknown }[]>`select payload from public.webhook_outbox where id = ${event.id}`);
  const schema = eventEnvelope(event.type, EVENT_DATA[event.type as keyof typeof EVENT_DATA] as z.ZodType);
  return schema.parse(row?.payload) as { id: string; type: string; workspace_id: string; data: Record<string, never> };
}

describe("events from every path that changes data", () => {
  it("ingestion: a new number's first message is contact.created and message.received, delivered to the subscription", async () => {
    const from = randomNumber();
    const message = await customerWrites(channel, { from, text: "Halo, masih ada stok?" });
    const events = await takeEvents(team.workspaceId);
    expect(events.map((e) => [e.type, e.entity_id])).toEqual([
      ["contact.created", message.contactId],
      ["message.received", message.messageId],
    ]);
    const received = await payloadOf(events[1] as OutboxEvent);
    expect(received).toMatchObject({ id: events[1]?.id, type: "message.received", workspace_id: team.workspaceId });
    expect(received.data.message).toMatchObject({
      id: message.messageId,
      conversation_id: message.conversationId,
      direction: "inbound",
      body: "Halo, masih ada stok?",
      sender_type: "customer",
    });
    const created = await payloadOf(events[0] as OutboxEvent);
    expect(created.data.contact).toMatchObject({ id: message.contactId, phone: `+${from}` });

    const log = await asUser(team.admin.claims, (tx) => listDeliveries(tx, team.workspaceId, subscriptionId));
    expect(log.filter((d) => events.some((e) => e.id === d.event_id)).map((d) => [d.event_type, d.status])).toEqual(
      expect.arrayContaining([
        ["contact.created", "pending"],
        ["message.received", "pending"],
      ]),
    );

    // The same customer writing again only touches last_activity_at: no contact.updated.
    const again = await customerWrites(channel, { from, text: "Halo?" });
    expect((await takeEvents(team.workspaceId)).map((e) => [e.type, e.entity_id])).toEqual([["message.received", again.messageId]]);
  });

  it("a provider's status webhook: message.status_updated with the status it reported", async () => {
    const from = randomNumber();
    const inbound = await customerWrites(channel, { from });
    const wamid = newWamid();
    const [sent] = await asService(
      (tx) => tx<{ id: string }[]>`
        insert into public.messages (workspace_id, conversation_id, wamid, direction, type, body, status, sender_type)
        values (${team.workspaceId}, ${inbound.conversationId}, ${wamid}, 'outbound', 'text', 'Masih, kak', 'sent', 'agent')
        returning id`,
    );
    await takeEvents(team.workspaceId);
    const number = { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber, wabaId: channel.wabaId };
    await deliverAndProcess(channel, "meta", metaStatus(number, { wamid, status: "delivered", recipient: from }));
    await deliverAndProcess(channel, "meta", metaStatus(number, { wamid, status: "read", recipient: from }));
    const events = await takeEvents(team.workspaceId);
    expect(events.map((e) => [e.type, e.entity_id, e.changes])).toEqual([
      ["message.status_updated", sent?.id, { status: "delivered", previous_status: "sent" }],
      ["message.status_updated", sent?.id, { status: "read", previous_status: "delivered" }],
    ]);
    const payload = await payloadOf(events[0] as OutboxEvent);
    expect(payload.data).toMatchObject({ status: "delivered", previous_status: "sent", message: { id: sent?.id, direction: "outbound" } });
  });

  it("the API: creating a contact is contact.created; changing one is contact.updated", async () => {
    const { key } = await createKey(team, "write");
    const phone = randomNumber();
    const created = await read<{ id: string }>(contactsRoute.POST(apiRequest("POST", "/contacts", { key, body: { phone, name: "Siti" } })));
    expect(created.status).toBe(201);
    expect((await takeEvents(team.workspaceId)).map((e) => [e.type, e.entity_id])).toEqual([["contact.created", created.body.id]]);
    await read(contactsRoute.POST(apiRequest("POST", "/contacts", { key, body: { phone, email: "siti@example.com" } })));
    const events = await takeEvents(team.workspaceId);
    expect(events.map((e) => [e.type, e.entity_id])).toEqual([["contact.updated", created.body.id]]);
    expect((await payloadOf(events[0] as OutboxEvent)).data.contact).toMatchObject({ name: "Siti", email: "siti@example.com" });
  });

  it("the CRM: a stage change is lead.status_changed (and contact.updated)", async () => {
    const { contactId } = await customerWrites(channel, { from: randomNumber() });
    await takeEvents(team.workspaceId);
    await asUser(team.agent.claims, (tx) =>
      updateContact(tx, { workspaceId: team.workspaceId, country: "ID" }, contactId, { leadStatus: "qualified" }),
    );
    const events = await takeEvents(team.workspaceId);
    expect(events.map((e) => [e.type, e.changes])).toEqual([
      ["contact.updated", {}],
      ["lead.status_changed", { status: "qualified", previous_status: "new" }],
    ]);
    expect((await payloadOf(events[1] as OutboxEvent)).data).toMatchObject({ status: "qualified", contact: { id: contactId } });
  });

  it("the inbox: assigning, unassigning and resolving a conversation (and the deprecated conversation.archived)", async () => {
    const { conversationId } = await customerWrites(channel, { from: randomNumber() });
    await takeEvents(team.workspaceId);
    const actor = { workspaceId: team.workspaceId, userId: team.agent.id };
    await asUser(team.agent.claims, (tx) => assignConversation(tx, actor, conversationId, team.agent.id));
    await asUser(team.agent.claims, (tx) => assignConversation(tx, actor, conversationId, null));
    await asUser(team.agent.claims, (tx) => setConversationStatus(tx, actor, conversationId, { status: "resolved" }));
    const events = await takeEvents(team.workspaceId);
    expect(events.map((e) => [e.type, e.changes])).toEqual([
      ["conversation.assigned", { assigned_to: team.agent.id, previous_assigned_to: null }],
      ["conversation.assigned", { assigned_to: null, previous_assigned_to: team.agent.id }],
      ["conversation.status_changed", { from: "open", to: "resolved", snoozed_until: null }],
      ["conversation.archived", {}],
    ]);
    expect((await payloadOf(events[2] as OutboxEvent)).data.conversation).toMatchObject({ id: conversationId, status: "resolved" });
  });

  it("moving a conversation to a team is conversation.team_changed, once per change, from the API (as the thread's menu) and in bulk", async () => {
    const [sales, support] = await asService(
      (tx) => tx<{ id: string; name: string }[]>`
        insert into public.teams (workspace_id, name, auto_assign)
        values (${team.workspaceId}, 'Sales', false), (${team.workspaceId}, 'Support', false)
        returning id, name`,
    );
    if (!sales || !support) throw new Error("no teams");
    const first = await customerWrites(channel, { from: randomNumber() });
    const second = await customerWrites(channel, { from: randomNumber() });
    await takeEvents(team.workspaceId);

    // One conversation: the API's PATCH, which calls what the thread's team select calls.
    const { key } = await createKey(team, "write");
    const patch = (teamId: string | null) =>
      read(
        conversationById.PATCH(
          apiRequest("PATCH", `/conversations/${first.conversationId}`, { key, body: { team_id: teamId } }),
          params({ id: first.conversationId }),
        ),
      );
    expect((await patch(sales.id)).status).toBe(200);
    const moved = await takeEvents(team.workspaceId);
    expect(moved.map((e) => [e.type, e.entity_id, e.changes])).toEqual([
      ["conversation.team_changed", first.conversationId, { team: { id: sales.id, name: "Sales" }, previous_team_id: null }],
    ]);
    expect((await payloadOf(moved[0] as OutboxEvent)).data.conversation).toMatchObject({ id: first.conversationId, team_id: sales.id });
    expect((await patch(sales.id)).status).toBe(200);
    expect(await takeEvents(team.workspaceId)).toEqual([]);

    // In bulk: one event per conversation whose team changed, none for one already there.
    const actor = { workspaceId: team.workspaceId, userId: team.agent.id };
    const ids = [first.conversationId, second.conversationId];
    const bulk = (teamId: string | null) =>
      asUser(team.agent.claims, (tx) => runBulkAction(tx, actor, { ids }, { kind: "set_team", teamId }));
    await bulk(support.id);
    const byId = (events: OutboxEvent[]) => [...events].sort((a, b) => ids.indexOf(a.entity_id) - ids.indexOf(b.entity_id));
    expect(byId(await takeEvents(team.workspaceId)).map((e) => [e.type, e.entity_id, e.changes])).toEqual([
      ["conversation.team_changed", first.conversationId, { team: { id: support.id, name: "Support" }, previous_team_id: sales.id }],
      ["conversation.team_changed", second.conversationId, { team: { id: support.id, name: "Support" }, previous_team_id: null }],
    ]);
    await asService((tx) => tx`update public.conversations set team_id = null where id = ${second.conversationId}`);
    await takeEvents(team.workspaceId);
    await bulk(null);
    expect((await takeEvents(team.workspaceId)).map((e) => [e.type, e.entity_id, e.changes])).toEqual([
      ["conversation.team_changed", first.conversationId, { team: null, previous_team_id: support.id }],
    ]);
  });

  it("snoozing, a new wake time and the customer's reopening are conversation.status_changed (no conversation.archived)", async () => {
    const from = randomNumber();
    const { conversationId } = await customerWrites(channel, { from });
    await takeEvents(team.workspaceId);
    const actor = { workspaceId: team.workspaceId, userId: team.agent.id };
    const first = new Date(Date.now() + 3_600_000);
    const second = new Date(Date.now() + 7_200_000);
    for (const until of [first, second]) {
      await asUser(team.agent.claims, (tx) =>
        setConversationStatus(tx, actor, conversationId, { status: "snoozed", snooze: { until: until.toISOString() } }),
      );
    }
    await customerWrites(channel, { from, text: "Halo lagi" });
    const events = (await takeEvents(team.workspaceId)).filter((e) => e.type.startsWith("conversation."));
    expect(events.map((e) => [e.type, e.changes])).toEqual([
      ["conversation.status_changed", { from: "open", to: "snoozed", snoozed_until: expect.any(String) }],
      ["conversation.status_changed", { from: "snoozed", to: "snoozed", snoozed_until: expect.any(String) }],
      ["conversation.status_changed", { from: "snoozed", to: "open", snoozed_until: null }],
    ]);
    expect(new Date(String(events[1]?.changes.snoozed_until)).getTime()).toBe(second.getTime());
    const payload = await payloadOf(events[0] as OutboxEvent);
    expect(payload.data).toMatchObject({ from: "open", to: "snoozed", conversation: { id: conversationId } });
  });
});

describe("what is not captured", () => {
  it("nothing for a workspace without a subscription, nor for a paused one", async () => {
    await customerWrites(quiet, { from: randomNumber() });
    expect(await takeEvents(quiet.workspaceId)).toEqual([]);

    const admin = { workspaceId: team.workspaceId, userId: team.admin.id };
    await asUser(team.admin.claims, (tx) => setSubscriptionPaused(tx, admin, subscriptionId, true));
    await customerWrites(channel, { from: randomNumber() });
    expect(await takeEvents(team.workspaceId)).toEqual([]);
    await asUser(team.admin.claims, (tx) => setSubscriptionPaused(tx, admin, subscriptionId, false));
  });

  it("nothing for a change that was rolled back", async () => {
    const { conversationId } = await customerWrites(channel, { from: randomNumber() });
    await takeEvents(team.workspaceId);
    await expect(
      asUser(team.agent.claims, async (tx) => {
        await setConversationStatus(tx, { workspaceId: team.workspaceId }, conversationId, { status: "resolved" });
        throw new Error("something later in the transaction failed");
      }),
    ).rejects.toThrow();
    expect(await takeEvents(team.workspaceId)).toEqual([]);
  });

  it("drops an event whose entity is gone before it is dispatched", async () => {
    const { contactId } = await customerWrites(channel, { from: randomNumber() });
    await takeEvents(team.workspaceId);
    await asUser(team.agent.claims, (tx) =>
      updateContact(tx, { workspaceId: team.workspaceId, country: "ID" }, contactId, { name: "Gone soon" }),
    );
    await asService((tx) => tx`delete from public.contacts where id = ${contactId}`);
    const [event] = await takeEvents(team.workspaceId);
    expect(event?.type).toBe("contact.updated");
    const [row] = await asService(
      (tx) => tx`select dispatched_at, payload, (select count(*)::int from public.webhook_deliveries where event_id = o.id) as deliveries
                 from public.webhook_outbox o where id = ${event?.id ?? null}`,
    );
    expect(row).toMatchObject({ payload: null, deliveries: 0 });
    expect(row?.dispatched_at).not.toBeNull();
  });
});
