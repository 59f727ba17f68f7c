import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { storeNotes } from "@/lib/stored-notes";
import { type RotationOverlapHours, TEST_EVENT_TYPE, type WebhookEventType } from "@/lib/webhook-events";
import { recordAudit } from "@/server/audit/record";
import { encryptSecret } from "@/server/crypto/secrets";
import type { UserClaims } from "@/server/db/claims";
import { asService, asUser, type Tx } from "@/server/db/client";
import type { JsonRow, Row, With } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { enqueue } from "@/server/jobs/enqueue";
import type { Actor } from "@/server/workspaces/actor";
import { webhookDeliveryJob } from "./jobs";
import { checkTargetUrl } from "./target";

/** With `secret_rotated_at` and `previous_secret_expires_at`: when the secret was last rotated, and until when the one before it still signs too. */
export type SubscriptionRow = With<
  Pick<
    Row<"webhook_subscriptions">,
    | "id"
    | "url"
    | "description"
    | "events"
    | "status"
    | "paused_reason"
    | "paused_at"
    | "consecutive_failures"
    | "last_delivery_at"
    | "last_delivery_ok"
    | "secret_rotated_at"
    | "previous_secret_expires_at"
    | "created_at"
  >,
  { events: WebhookEventType[]; status: "active" | "paused" }
>;

const COLUMNS = (tx: Tx) => tx`
  id, url, description, events, status, paused_reason, paused_at, consecutive_failures, last_delivery_at, last_delivery_ok,
  secret_rotated_at, previous_secret_expires_at, created_at`;

const NOT_FOUND = "errors.webhooks.notFound";

/** `whsec_` and 256 random bits: the HMAC key, shown to the admin once. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export interface SubscriptionInput {
  url: string;
  description?: string | null;
  events: WebhookEventType[];
}

/** Creates a subscription as an admin (RLS refuses anyone else); its signing secret is returned this once. */
export async function createSubscription(
  tx: Tx,
  actor: Actor,
  input: SubscriptionInput,
): Promise<{ secret: string; subscription: SubscriptionRow }> {
  const url = await checkTargetUrl(input.url);
  const secret = generateSigningSecret();
  const [subscription] = await tx<SubscriptionRow[]>`
    insert into public.webhook_subscriptions ${tx({
      workspace_id: actor.workspaceId,
      url,
      description: input.description?.trim() || null,
      events: [...new Set(input.events)],
      secret_encrypted: encryptSecret(secret),
      created_by: actor.userId,
    })}
    returning ${COLUMNS(tx)}`;
  if (!subscription) throw new AppError("forbidden", "errors.webhooks.onlyAdminsAdd");
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    action: "webhook_subscription.created",
    target: { type: "webhook_subscription", id: subscription.id, label: url },
    details: { events: subscription.events },
  });
  return { secret, subscription };
}

/** The workspace's subscriptions, oldest first (admins only: others get none through RLS). */
export function listSubscriptions(tx: Tx, workspaceId: string) {
  return tx<SubscriptionRow[]>`
    select ${COLUMNS(tx)} from public.webhook_subscriptions where workspace_id = ${workspaceId} order by created_at, id`;
}

export async function getSubscription(tx: Tx, workspaceId: string, id: string): Promise<SubscriptionRow> {
  const [row] = await tx<SubscriptionRow[]>`
    select ${COLUMNS(tx)} from public.webhook_subscriptions where workspace_id = ${workspaceId} and id = ${id}`;
  if (!row) throw new AppError("not_found", NOT_FOUND);
  return row;
}

/** Changes the URL, description and events; the secret stays. */
export async function updateSubscription(tx: Tx, actor: Actor, id: string, input: SubscriptionInput): Promise<SubscriptionRow> {
  const before = await getSubscription(tx, actor.workspaceId, id);
  const url = await checkTargetUrl(input.url);
  const events = [...new Set(input.events)];
  const [row] = await tx<SubscriptionRow[]>`
    update public.webhook_subscriptions set url = ${url}, description = ${input.description?.trim() || null}, events = ${events}
    where workspace_id = ${actor.workspaceId} and id = ${id}
    returning ${COLUMNS(tx)}`;
  if (!row) throw new AppError("not_found", NOT_FOUND);
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    action: "webhook_subscription.updated",
    target: { type: "webhook_subscription", id, label: url },
    details: { changes: { url: { from: before.url, to: url }, events: { from: before.events, to: events } } },
  });
  return row;
}

/** Pauses by hand (no deliveries are made while paused) or resumes with a clean failure count. */
export async function setSubscriptionPaused(tx: Tx, actor: Actor, id: string, paused: boolean): Promise<SubscriptionRow> {
  const [row] = await tx<SubscriptionRow[]>`
    update public.webhook_subscriptions set
      status = ${paused ? "paused" : "active"},
      paused_reason = ${paused ? storeNotes(["errors.webhooks.delivery.pausedByAdmin"]) : null},
      paused_at = ${paused ? tx`now()` : null},
      consecutive_failures = 0,
      failing_since = null
    where workspace_id = ${actor.workspaceId} and id = ${id} and status = ${paused ? "active" : "paused"}
    returning ${COLUMNS(tx)}`;
  if (!row) {
    await getSubscription(tx, actor.workspaceId, id);
    throw new AppError("conflict", paused ? "errors.webhooks.alreadyPaused" : "errors.webhooks.alreadyActive");
  }
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    action: paused ? "webhook_subscription.paused" : "webhook_subscription.resumed",
    target: { type: "webhook_subscription", id, label: row.url },
  });
  return row;
}

/**
 * A new signing secret, returned this once, for an admin who can see the
 * subscription (RLS decides). The one it replaces keeps signing beside it
 * (a second `v1=` in the header) for `overlapHours`, so the receiver can
 * switch without refusing a delivery; 0 retires it now (e.g. when it
 * leaked). A secret still overlapping from an earlier rotation is dropped:
 * at most two sign at once. The update runs as the service, because moving
 * the current secret means reading it, which members cannot.
 */
export async function rotateSigningSecret(
  claims: UserClaims,
  workspaceId: string,
  id: string,
  overlapHours: RotationOverlapHours,
): Promise<{ secret: string; subscription: SubscriptionRow }> {
  await asUser(claims, (tx) => getSubscription(tx, workspaceId, id));
  const secret = generateSigningSecret();
  return asService(async (tx) => {
    const [row] = await tx<SubscriptionRow[]>`
      update public.webhook_subscriptions set
        previous_secret_encrypted = ${overlapHours > 0 ? tx`secret_encrypted` : null},
        previous_secret_expires_at = ${overlapHours > 0 ? tx`now() + make_interval(hours => ${overlapHours})` : null},
        secret_encrypted = ${encryptSecret(secret)},
        secret_rotated_at = now()
      where workspace_id = ${workspaceId} and id = ${id}
      returning ${COLUMNS(tx)}`;
    if (!row) throw new AppError("not_found", NOT_FOUND);
    await recordAudit(tx, {
      workspaceId,
      action: "webhook_subscription.secret_rotated",
      target: { type: "webhook_subscription", id, label: row.url },
      details: { previous_secret_valid_hours: overlapHours },
      actorId: claims.sub,
    });
    return { secret, subscription: row };
  });
}

export async function deleteSubscription(tx: Tx, actor: Actor, id: string): Promise<void> {
  const [row] = await tx<Pick<Row<"webhook_subscriptions">, "url" | "events">[]>`
    delete from public.webhook_subscriptions where workspace_id = ${actor.workspaceId} and id = ${id} returning url, events`;
  if (!row) throw new AppError("not_found", NOT_FOUND);
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    action: "webhook_subscription.deleted",
    target: { type: "webhook_subscription", id, label: row.url },
    details: { events: row.events },
  });
}

/** The attempts come through json_agg, so their times are ISO strings. */
export type DeliveryRow = With<
  Pick<Row<"webhook_deliveries">, "id" | "event_id" | "status" | "attempts" | "created_at">,
  { status: "pending" | "succeeded" | "failed" }
> & {
  event_type: Row<"webhook_outbox">["type"];
  attempt_log: Pick<
    JsonRow<"webhook_attempts">,
    "attempted_at" | "response_status" | "latency_ms" | "response_excerpt" | "error" | "succeeded"
  >[];
};

/** A subscription's newest deliveries with every attempt, as the log shows them. */
export function listDeliveries(tx: Tx, workspaceId: string, subscriptionId: string, limit = 50) {
  return tx<DeliveryRow[]>`
    select d.id, d.event_id, o.type as event_type, d.status, d.attempts, d.created_at,
           coalesce((select json_agg(json_build_object(
                      'attempted_at', a.attempted_at, 'response_status', a.response_status, 'latency_ms', a.latency_ms,
                      'response_excerpt', a.response_excerpt, 'error', a.error, 'succeeded', a.succeeded) order by a.id)
                     from public.webhook_attempts a where a.workspace_id = d.workspace_id and a.delivery_id = d.id), '[]') as attempt_log
    from public.webhook_deliveries d
    join public.webhook_outbox o on o.workspace_id = d.workspace_id and o.id = d.event_id
    where d.workspace_id = ${workspaceId} and d.subscription_id = ${subscriptionId}
    order by d.created_at desc, d.id desc
    limit ${limit}`;
}

/**
 * One delivery of an event to a subscription, and its job, in the caller's
 * (service) transaction: the job exists exactly when the delivery does.
 */
export async function queueDelivery(tx: Tx, workspaceId: string, subscriptionId: string, eventId: string): Promise<string> {
  const [delivery] = await tx<Pick<Row<"webhook_deliveries">, "id">[]>`
    insert into public.webhook_deliveries (workspace_id, subscription_id, event_id)
    values (${workspaceId}, ${subscriptionId}, ${eventId})
    on conflict (workspace_id, subscription_id, event_id) do update set status = 'pending'
    returning id`;
  if (!delivery) throw new Error("delivery insert returned nothing");
  await enqueue(webhookDeliveryJob, { deliveryId: delivery.id }, { tx });
  return delivery.id;
}

/**
 * "Send test event": an event of type webhook.test for this subscription
 * only, delivered like any other. Service transaction; the caller has
 * checked that the admin can see the subscription.
 */
async function queueTestEvent(tx: Tx, workspaceId: string, subscription: SubscriptionRow): Promise<string> {
  if (subscription.status !== "active") throw new AppError("conflict", "errors.webhooks.resumeToSend");
  const id = randomUUID();
  const createdAt = new Date();
  const payload = {
    id,
    type: TEST_EVENT_TYPE,
    created_at: createdAt.toISOString(),
    workspace_id: workspaceId,
    data: { subscription_id: subscription.id, message: "A test event from Conversa." },
  };
  await tx`
    insert into public.webhook_outbox (id, workspace_id, type, created_at, dispatched_at, payload)
    values (${id}, ${workspaceId}, ${TEST_EVENT_TYPE}, ${createdAt}, now(), ${tx.json(payload)})`;
  return queueDelivery(tx, workspaceId, subscription.id, id);
}

/**
 * Replays a delivery: the same event (same id and body), a new attempt now.
 * Service transaction; the caller has checked the admin can see it.
 */
async function replayDelivery(tx: Tx, workspaceId: string, deliveryId: string): Promise<void> {
  const [delivery] = await tx<(Pick<Row<"webhook_deliveries">, "subscription_id" | "event_id"> & { subscription_status: string })[]>`
    select d.subscription_id, d.event_id, s.status as subscription_status
    from public.webhook_deliveries d
    join public.webhook_subscriptions s on s.workspace_id = d.workspace_id and s.id = d.subscription_id
    where d.workspace_id = ${workspaceId} and d.id = ${deliveryId}`;
  if (!delivery) throw new AppError("not_found", "errors.webhooks.deliveryNotFound");
  if (delivery.subscription_status !== "active") throw new AppError("conflict", "errors.webhooks.resumeToReplay");
  await queueDelivery(tx, workspaceId, delivery.subscription_id, delivery.event_id);
}

/** Queues a test event, for an admin who can see the subscription (RLS decides). Returns the delivery's id. */
export async function sendTestEvent(claims: UserClaims, workspaceId: string, subscriptionId: string): Promise<string> {
  const subscription = await asUser(claims, (tx) => getSubscription(tx, workspaceId, subscriptionId));
  return asService((tx) => queueTestEvent(tx, workspaceId, subscription));
}

/** Replays a delivery, for an admin who can see it (RLS decides). */
export async function replayWebhookDelivery(claims: UserClaims, workspaceId: string, deliveryId: string): Promise<void> {
  const [visible] = await asUser(
    claims,
    (tx) => tx`select 1 from public.webhook_deliveries where workspace_id = ${workspaceId} and id = ${deliveryId}`,
  );
  if (!visible) throw new AppError("not_found", "errors.webhooks.deliveryNotFound");
  await asService((tx) => replayDelivery(tx, workspaceId, deliveryId));
}
