import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, asUser } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listDeliveries,
  listSubscriptions,
  replayWebhookDelivery,
  sendTestEvent,
  setSubscriptionPaused,
} from "@/server/outhooks/subscriptions";
import { expectAppError } from "../support/app-error";
import { createTeam } from "../support/fixtures";

let a: Awaited<ReturnType<typeof createTeam>>;
let b: Awaited<ReturnType<typeof createTeam>>;
let subscriptionId: string;
let deliveryId: string;

beforeAll(async () => {
  a = await createTeam();
  b = await createTeam();
  const created = await asUser(a.admin.claims, (tx) =>
    createSubscription(
      tx,
      { workspaceId: a.workspaceId, userId: a.admin.id },
      { url: "https://a.example.com/hooks", events: ["contact.created"] },
    ),
  );
  subscriptionId = created.subscription.id;
  deliveryId = await sendTestEvent(a.admin.claims, a.workspaceId, subscriptionId);
});

afterAll(() => stopQueue());

describe("who manages outbound webhooks", () => {
  it("another workspace's admin sees none of A's subscriptions, events or deliveries, and cannot act on them", async () => {
    const asB = { workspaceId: a.workspaceId, userId: b.admin.id };
    expect(await asUser(b.admin.claims, (tx) => listSubscriptions(tx, a.workspaceId))).toEqual([]);
    expect(await asUser(b.admin.claims, (tx) => listDeliveries(tx, a.workspaceId, subscriptionId))).toEqual([]);
    const counts = await asUser(
      b.admin.claims,
      (tx) => tx`select (select count(*)::int from public.webhook_subscriptions) as subscriptions,
                        (select count(*)::int from public.webhook_outbox where workspace_id = ${a.workspaceId}) as events,
                        (select count(*)::int from public.webhook_attempts where workspace_id = ${a.workspaceId}) as attempts`,
    );
    expect(counts[0]).toEqual({ subscriptions: 0, events: 0, attempts: 0 });
    await expectAppError(
      asUser(b.admin.claims, (tx) => getSubscription(tx, a.workspaceId, subscriptionId)),
      "not_found",
    );
    await expectAppError(
      asUser(b.admin.claims, (tx) => setSubscriptionPaused(tx, asB, subscriptionId, true)),
      "not_found",
    );
    await expectAppError(
      asUser(b.admin.claims, (tx) => deleteSubscription(tx, asB, subscriptionId)),
      "not_found",
    );
    await expectAppError(sendTestEvent(b.admin.claims, a.workspaceId, subscriptionId), "not_found");
    await expectAppError(replayWebhookDelivery(b.admin.claims, a.workspaceId, deliveryId), "not_found");
    await expect(
      asUser(b.admin.claims, (tx) => createSubscription(tx, asB, { url: "https://b.example.com/", events: ["contact.created"] })),
    ).rejects.toMatchObject({ code: "42501" });
    expect(await asUser(a.admin.claims, (tx) => getSubscription(tx, a.workspaceId, subscriptionId))).toMatchObject({ status: "active" });
  });

  it("members who are not admins cannot see or manage them", async () => {
    const agent = { workspaceId: a.workspaceId, userId: a.agent.id };
    expect(await asUser(a.agent.claims, (tx) => listSubscriptions(tx, a.workspaceId))).toEqual([]);
    expect(await asUser(a.agent.claims, (tx) => listDeliveries(tx, a.workspaceId, subscriptionId))).toEqual([]);
    await expect(
      asUser(a.agent.claims, (tx) => createSubscription(tx, agent, { url: "https://x.example.com/", events: ["contact.created"] })),
    ).rejects.toMatchObject({ code: "42501" });
    await expectAppError(
      asUser(a.agent.claims, (tx) => setSubscriptionPaused(tx, agent, subscriptionId, true)),
      "not_found",
    );
    await expectAppError(
      asUser(a.agent.claims, (tx) => deleteSubscription(tx, agent, subscriptionId)),
      "not_found",
    );
    await expectAppError(replayWebhookDelivery(a.agent.claims, a.workspaceId, deliveryId), "not_found");
  });

  it("no one reads the signing secret through a member's session, not even an admin", async () => {
    await expect(
      asUser(a.admin.claims, (tx) => tx`select secret_encrypted from public.webhook_subscriptions where id = ${subscriptionId}`),
    ).rejects.toMatchObject({ code: "42501" });
    await expect(
      asUser(
        a.admin.claims,
        (tx) => tx`insert into public.webhook_outbox (workspace_id, type) values (${a.workspaceId}, 'contact.created')`,
      ),
    ).rejects.toMatchObject({ code: "42501" });
  });

  it("records creating, pausing, resuming and deleting in the audit log", async () => {
    const admin = { workspaceId: a.workspaceId, userId: a.admin.id };
    const { subscription } = await asUser(a.admin.claims, (tx) =>
      createSubscription(tx, admin, { url: "https://audit.example.com/", events: ["lead.status_changed"] }),
    );
    await asUser(a.admin.claims, (tx) => setSubscriptionPaused(tx, admin, subscription.id, true));
    await asUser(a.admin.claims, (tx) => setSubscriptionPaused(tx, admin, subscription.id, false));
    await asUser(a.admin.claims, (tx) => deleteSubscription(tx, admin, subscription.id));
    const entries = await asService(
      (tx) =>
        tx`select action, actor_id from public.audit_log where workspace_id = ${a.workspaceId} and target_id = ${subscription.id} order by id`,
    );
    expect(entries.map((e) => e.action)).toEqual([
      "webhook_subscription.created",
      "webhook_subscription.paused",
      "webhook_subscription.resumed",
      "webhook_subscription.deleted",
    ]);
    expect(entries.every((e) => e.actor_id === a.admin.id)).toBe(true);
  });
});
