import { beforeAll, describe, expect, it } from "vitest";
import { asService, asUser } from "@/server/db/client";
import { pruneWebhookLog } from "@/server/outhooks/retention";
import { createSubscription } from "@/server/outhooks/subscriptions";
import { createTeam } from "../support/fixtures";

let team: Awaited<ReturnType<typeof createTeam>>;
let subscriptionId = "";

beforeAll(async () => {
  team = await createTeam();
  const created = await asUser(team.admin.claims, (tx) =>
    createSubscription(
      tx,
      { workspaceId: team.workspaceId, userId: team.admin.id },
      { url: "http://127.0.0.1:9/hook", events: ["contact.created"] },
    ),
  );
  subscriptionId = created.subscription.id;
});

const DAY = 24 * 3600_000;

/** An event `ageDays` old, dispatched or not, with a delivery in `status` (and one attempt) unless null. */
async function event(ageDays: number, options: { dispatched?: boolean; delivery?: "pending" | "succeeded" | "failed" | null } = {}) {
  const createdAt = new Date(Date.now() - ageDays * DAY);
  return asService(async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      insert into public.webhook_outbox (workspace_id, type, created_at, dispatched_at, payload)
      values (${team.workspaceId}, 'contact.created', ${createdAt}, ${options.dispatched === false ? null : createdAt}, '{}')
      returning id`;
    const id = row?.id ?? "";
    const status = options.delivery === undefined ? "succeeded" : options.delivery;
    if (status) {
      const [delivery] = await tx<{ id: string }[]>`
        insert into public.webhook_deliveries (workspace_id, subscription_id, event_id, status)
        values (${team.workspaceId}, ${subscriptionId}, ${id}, ${status}) returning id`;
      await tx`insert into public.webhook_attempts (workspace_id, delivery_id, latency_ms, response_status, succeeded)
               values (${team.workspaceId}, ${delivery?.id ?? null}, 12, 200, ${status === "succeeded"})`;
    }
    return id;
  });
}

const remaining = (ids: string[]) =>
  asService(async (tx) => ({
    events: (await tx<{ id: string }[]>`select id from public.webhook_outbox where id = any(${ids}::uuid[])`).map((r) => r.id).sort(),
    deliveries: (
      await tx<{ n: number }[]>`select count(*)::int as n from public.webhook_deliveries where event_id = any(${ids}::uuid[])`
    )[0]?.n,
    attempts: (
      await tx<{ n: number }[]>`
        select count(*)::int as n from public.webhook_attempts a
        join public.webhook_deliveries d on d.workspace_id = a.workspace_id and d.id = a.delivery_id
        where d.event_id = any(${ids}::uuid[])`
    )[0]?.n,
  }));

describe("retention of the outbound webhook log", () => {
  it("deletes settled events past the retention with their deliveries and attempts, in batches; keeps the rest", async () => {
    const old = [await event(40), await event(35, { delivery: "failed" }), await event(31, { delivery: null })];
    const oldMore = await Promise.all([event(45), event(50), event(60)]);
    const kept = [
      await event(40, { delivery: "pending" }), // still being retried
      await event(40, { dispatched: false, delivery: null }), // not dispatched yet
      await event(29), // within the 30 days
    ];

    // Batches of 2: six old events take several rounds.
    expect(await pruneWebhookLog({ batchSize: 2 })).toBe(6);
    expect(await remaining([...old, ...oldMore])).toEqual({ events: [], deliveries: 0, attempts: 0 });
    expect(await remaining(kept)).toEqual({ events: [...kept].sort(), deliveries: 2, attempts: 2 });
    expect(await pruneWebhookLog()).toBe(0);
  });

  it("counts the retention from the clock it is given", async () => {
    // Other test files write fresh events to the same database at the same time: the clock moves by days, not months.
    const recent = await event(25);
    expect((await remaining([recent])).events).toEqual([recent]);
    await pruneWebhookLog();
    expect((await remaining([recent])).events).toEqual([recent]);
    await pruneWebhookLog({ now: new Date(Date.now() + 6 * DAY) });
    expect((await remaining([recent])).events).toEqual([]);
  });
});
