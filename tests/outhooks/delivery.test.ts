import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readNotes } from "@/lib/stored-notes";
import { asService, asUser } from "@/server/db/client";
import { inEnglish } from "@/server/errors";
import { translatorFor } from "@/server/i18n/translator";
import { stopQueue } from "@/server/jobs/queue";
import { deliverWebhook, PAUSE_AFTER_FAILED_DELIVERIES } from "@/server/outhooks/deliver";
import {
  createSubscription,
  getSubscription,
  listDeliveries,
  replayWebhookDelivery,
  rotateSigningSecret,
  sendTestEvent,
  setSubscriptionPaused,
} from "@/server/outhooks/subscriptions";
import { expectAppError } from "../support/app-error";
import { createTeam } from "../support/fixtures";
import { startReceiver, verifySignature } from "../support/webhook-receiver";

const inSpanish = await translatorFor("es");

// A receiver that never answers must fail the attempt quickly here (10 s in production).
process.env.OUTBOUND_WEBHOOK_TIMEOUT_MS = "400";

let team: Awaited<ReturnType<typeof createTeam>>;
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];

beforeAll(async () => {
  team = await createTeam();
});

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await stopQueue();
});

const admin = () => ({ workspaceId: team.workspaceId, userId: team.admin.id });

/** A receiver and a subscription to it, created as the admin does in Settings; the secret as shown once. */
async function subscribed(script: number[] = [200]) {
  let secret = "";
  const receiver = await startReceiver({ script, secret: () => secret });
  receivers.push(receiver);
  const created = await asUser(team.admin.claims, (tx) =>
    createSubscription(tx, admin(), { url: receiver.url, events: ["message.received", "contact.created"] }),
  );
  secret = created.secret;
  return { receiver, secret, subscriptionId: created.subscription.id };
}

const testDelivery = (subscriptionId: string) => sendTestEvent(team.admin.claims, team.workspaceId, subscriptionId);

const deliveries = (subscriptionId: string) => asUser(team.admin.claims, (tx) => listDeliveries(tx, team.workspaceId, subscriptionId));
const subscription = (subscriptionId: string) => asUser(team.admin.claims, (tx) => getSubscription(tx, team.workspaceId, subscriptionId));

describe("signature", () => {
  it("signs timestamp.body with the subscription's secret; the receiver verifies it, another secret does not", async () => {
    const { receiver, secret, subscriptionId } = await subscribed();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const [stored] = await asService(
      (tx) => tx<{ secret_encrypted: string }[]>`select secret_encrypted from public.webhook_subscriptions where id = ${subscriptionId}`,
    );
    expect(stored?.secret_encrypted).not.toContain(secret.slice(6));

    const deliveryId = await testDelivery(subscriptionId);
    expect(await deliverWebhook(deliveryId, { finalAttempt: false })).toBe("succeeded");

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    if (!request) throw new Error("nothing received");
    expect(request.signatureValid).toBe(true);
    expect(verifySignature("whsec_someone-elses-secret", request.headers, request.body)).toBe(false);
    expect(verifySignature(secret, request.headers, `${request.body} `)).toBe(false);
    const body = JSON.parse(request.body);
    expect(body).toEqual({
      id: request.headers["conversa-webhook-id"],
      type: "webhook.test",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      workspace_id: team.workspaceId,
      data: { subscription_id: subscriptionId, message: expect.any(String) },
    });
    expect(request.headers["conversa-webhook-signature"]).toMatch(/^v1=[0-9a-f]{64}$/);
  });
});

describe("secret rotation", () => {
  it("signs with the new secret and, for the overlap chosen, the old one too; then with the new one only", async () => {
    const { receiver, secret: old, subscriptionId } = await subscribed();
    const rotated = await rotateSigningSecret(team.admin.claims, team.workspaceId, subscriptionId, 24);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(old);
    expect(rotated.subscription.previous_secret_expires_at?.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);

    expect(await deliverWebhook(await testDelivery(subscriptionId), { finalAttempt: false })).toBe("succeeded");
    const during = receiver.received.at(-1);
    if (!during) throw new Error("nothing received");
    expect(during.headers["conversa-webhook-signature"]).toMatch(/^v1=[0-9a-f]{64} v1=[0-9a-f]{64}$/);
    // A receiver still on the old secret and one already on the new both accept it.
    expect(verifySignature(old, during.headers, during.body)).toBe(true);
    expect(verifySignature(rotated.secret, during.headers, during.body)).toBe(true);

    // A day later the old secret has expired: the new one alone signs.
    const later = new Date(Date.now() + 25 * 3600_000);
    const deliveryId = await testDelivery(subscriptionId);
    expect(await deliverWebhook(deliveryId, { finalAttempt: false, now: later })).toBe("succeeded");
    const after = receiver.received.at(-1);
    if (!after) throw new Error("nothing received");
    expect(after.headers["conversa-webhook-signature"]).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifySignature(old, after.headers, after.body, Number.POSITIVE_INFINITY)).toBe(false);
    expect(verifySignature(rotated.secret, after.headers, after.body, Number.POSITIVE_INFINITY)).toBe(true);
  });

  it("retires a leaked secret at once, keeps at most two, and is for admins only (audited)", async () => {
    const { receiver, secret: first, subscriptionId } = await subscribed();
    const second = await rotateSigningSecret(team.admin.claims, team.workspaceId, subscriptionId, 24);
    const third = await rotateSigningSecret(team.admin.claims, team.workspaceId, subscriptionId, 0);
    expect(third.subscription.previous_secret_expires_at).toBeNull();
    expect(await deliverWebhook(await testDelivery(subscriptionId), { finalAttempt: false })).toBe("succeeded");
    const request = receiver.received.at(-1);
    if (!request) throw new Error("nothing received");
    expect([first, second.secret, third.secret].map((secret) => verifySignature(secret, request.headers, request.body))).toEqual([
      false,
      false,
      true,
    ]);

    await expectAppError(rotateSigningSecret(team.agent.claims, team.workspaceId, subscriptionId, 24), "not_found");
    const audit = await asService(
      (tx) => tx<{ actor_id: string; details: { previous_secret_valid_hours: number } }[]>`
        select actor_id, details from public.audit_log
        where workspace_id = ${team.workspaceId} and action = 'webhook_subscription.secret_rotated' and target_id = ${subscriptionId}
        order by id`,
    );
    expect(audit.map((a) => [a.actor_id, a.details.previous_secret_valid_hours])).toEqual([
      [team.admin.id, 24],
      [team.admin.id, 0],
    ]);
  });
});

describe("retries", () => {
  it("fails twice, then succeeds: three attempts logged with status, latency and excerpt, one success, same event each time", async () => {
    const { receiver, subscriptionId } = await subscribed([500, 502, 200]);
    const deliveryId = await testDelivery(subscriptionId);

    // What pg-boss does: the job throws, is retried with backoff, and the third run succeeds.
    await expect(deliverWebhook(deliveryId, { finalAttempt: false })).rejects.toThrow(/HTTP 500/);
    await expect(deliverWebhook(deliveryId, { finalAttempt: false })).rejects.toThrow(/HTTP 502/);
    expect(await deliverWebhook(deliveryId, { finalAttempt: false })).toBe("succeeded");

    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers["conversa-webhook-id"])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);

    const [delivery] = await deliveries(subscriptionId);
    expect(delivery).toMatchObject({ id: deliveryId, status: "succeeded", attempts: 3, event_type: "webhook.test" });
    expect(delivery?.attempt_log.map((a) => [a.response_status, a.succeeded])).toEqual([
      [500, false],
      [502, false],
      [200, true],
    ]);
    expect(delivery?.attempt_log[0]?.response_excerpt).toBe('{"received":false,"attempt":1}');
    expect(delivery?.attempt_log.every((a) => a.latency_ms >= 0)).toBe(true);
    expect(await subscription(subscriptionId)).toMatchObject({ status: "active", consecutive_failures: 0, last_delivery_ok: true });
  });

  it("counts a receiver that does not answer in time as a failed attempt", async () => {
    const { subscriptionId } = await subscribed([0]);
    const deliveryId = await testDelivery(subscriptionId);
    await expect(deliverWebhook(deliveryId, { finalAttempt: false })).rejects.toThrow(/No answer within 0.4 s/);
    const [delivery] = await deliveries(subscriptionId);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1 });
    expect(delivery?.attempt_log[0]).toMatchObject({ response_status: null, succeeded: false });
    // Kept as a note, read in each admin's language.
    const error = delivery?.attempt_log[0]?.error ?? "";
    expect(readNotes(error, inEnglish)).toBe("No answer within 0.4 s");
    expect(readNotes(error, inSpanish)).toBe("Sin respuesta en 0,4 s");
  });

  it("replays a delivery with the same event id and body, as a new attempt", async () => {
    const { receiver, subscriptionId } = await subscribed();
    const deliveryId = await testDelivery(subscriptionId);
    await deliverWebhook(deliveryId, { finalAttempt: false });
    await replayWebhookDelivery(team.admin.claims, team.workspaceId, deliveryId);
    expect(await deliverWebhook(deliveryId, { finalAttempt: false })).toBe("succeeded");
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.headers["conversa-webhook-id"]).toBe(receiver.received[0]?.headers["conversa-webhook-id"]);
    expect(receiver.received[1]?.body).toBe(receiver.received[0]?.body);
    const [delivery] = await deliveries(subscriptionId);
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 2 });
  });
});

describe("pausing", () => {
  it(`pauses a subscription after ${PAUSE_AFTER_FAILED_DELIVERIES} deliveries in a row fail every attempt, saying why`, async () => {
    const { receiver, subscriptionId } = await subscribed([503]);
    const ids: string[] = [];
    for (let i = 0; i <= PAUSE_AFTER_FAILED_DELIVERIES; i++) ids.push(await testDelivery(subscriptionId));

    for (const [index, id] of ids.slice(0, PAUSE_AFTER_FAILED_DELIVERIES).entries()) {
      expect(await subscription(subscriptionId)).toMatchObject({ status: "active", consecutive_failures: index });
      expect(await deliverWebhook(id, { finalAttempt: true })).toBe("failed");
    }
    const paused = await subscription(subscriptionId);
    expect(paused.status).toBe("paused");
    expect(readNotes(paused.paused_reason ?? "", inEnglish)).toBe(
      'Paused automatically: 5 deliveries in a row failed after every retry. Last error: HTTP 503: {"received":false,"attempt":5}',
    );
    expect(readNotes(paused.paused_reason ?? "", inSpanish)).toBe(
      'Pausada automáticamente: 5 entregas seguidas fallaron tras todos los reintentos. Último error: HTTP 503: {"received":false,"attempt":5}',
    );
    expect(paused.paused_at).not.toBeNull();

    // Deliveries still queued are not sent while paused.
    const last = ids.at(-1) as string;
    expect(await deliverWebhook(last, { finalAttempt: false })).toBe("skipped");
    expect(receiver.received).toHaveLength(PAUSE_AFTER_FAILED_DELIVERIES);
    await expectAppError(replayWebhookDelivery(team.admin.claims, team.workspaceId, last), "conflict", /Resume/);

    // The admin resumes: counters cleared, the resume audited, and replays work again.
    receiver.setScript([200]);
    await asUser(team.admin.claims, (tx) => setSubscriptionPaused(tx, admin(), subscriptionId, false));
    expect(await subscription(subscriptionId)).toMatchObject({ status: "active", paused_reason: null, consecutive_failures: 0 });
    await replayWebhookDelivery(team.admin.claims, team.workspaceId, last);
    expect(await deliverWebhook(last, { finalAttempt: false })).toBe("succeeded");
    const [audit] = await asService(
      (tx) => tx`select action from public.audit_log where workspace_id = ${team.workspaceId} and target_id = ${subscriptionId}
                 order by id desc limit 1`,
    );
    expect(audit?.action).toBe("webhook_subscription.resumed");
  });

  it("pauses a subscription whose attempts have failed for more than 24 hours, even before its deliveries run out of retries", async () => {
    const { subscriptionId } = await subscribed([500]);
    const started = new Date();
    const first = await testDelivery(subscriptionId);
    await expect(deliverWebhook(first, { finalAttempt: false, now: started })).rejects.toThrow();
    expect((await subscription(subscriptionId)).status).toBe("active");
    const second = await testDelivery(subscriptionId);
    await expect(deliverWebhook(second, { finalAttempt: false, now: new Date(started.getTime() + 25 * 3600_000) })).rejects.toThrow();
    const paused = await subscription(subscriptionId);
    expect(paused.status).toBe("paused");
    expect(readNotes(paused.paused_reason ?? "", inEnglish)).toMatch(
      /^Paused automatically: deliveries have failed for more than 24 hours\. Last error: HTTP 500/,
    );
  });

  it("a success in between starts the count again", async () => {
    const { receiver, subscriptionId } = await subscribed([500]);
    for (let i = 0; i < PAUSE_AFTER_FAILED_DELIVERIES - 1; i++) {
      await deliverWebhook(await testDelivery(subscriptionId), { finalAttempt: true });
    }
    receiver.setScript([200]);
    await deliverWebhook(await testDelivery(subscriptionId), { finalAttempt: true });
    receiver.setScript([500]);
    await deliverWebhook(await testDelivery(subscriptionId), { finalAttempt: true });
    expect(await subscription(subscriptionId)).toMatchObject({ status: "active", consecutive_failures: 1 });
  });
});

describe("targets", () => {
  it("refuses a bad URL or no events with a clear error, and keeps nothing", async () => {
    await expectAppError(
      asUser(team.admin.claims, (tx) => createSubscription(tx, admin(), { url: "ftp://example.com", events: ["message.received"] })),
      "invalid",
      /^The URL must start with https:\/\//,
    );
    await expect(
      asUser(team.admin.claims, (tx) => createSubscription(tx, admin(), { url: "https://example.com", events: [] })),
    ).rejects.toMatchObject({ code: "23514" });
  });
});
