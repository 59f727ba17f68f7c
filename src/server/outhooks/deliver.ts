import "server-only";
import { createHmac } from "node:crypto";
import { readNote, type StoredNote, storeNotes } from "@/lib/stored-notes";
import { decryptSecret } from "@/server/crypto/secrets";
import { asService } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError, inEnglish } from "@/server/errors";
import { checkTargetUrl, type PostResult, postWebhook } from "./target";

/** A subscription is paused after this many deliveries in a row failed every attempt… */
export const PAUSE_AFTER_FAILED_DELIVERIES = 5;
/** …or when its attempts have kept failing (no success in between) for this long. */
export const PAUSE_AFTER_FAILING_HOURS = 24;

/**
 * The three headers of a delivery. The signature is HMAC-SHA256, keyed
 * with the subscription's secret, of `<timestamp>.<body>`: a receiver that
 * checks it and the timestamp's age knows the body is ours and fresh.
 * While a rotated-out secret still overlaps, it signs too: `v1=<new> v1=<old>`.
 */
export function signatureHeaders(secrets: string[], eventId: string, body: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const signatures = secrets.map((secret) => `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`);
  return {
    "user-agent": "Conversa-Webhooks/1.0",
    "conversa-webhook-id": eventId,
    "conversa-webhook-timestamp": timestamp,
    "conversa-webhook-signature": signatures.join(" "),
  };
}

/** `previous_secret_encrypted`: the secret before the last rotation, while it still signs (null once expired). */
type DeliveryTarget = Pick<Row<"webhook_deliveries">, "workspace_id" | "subscription_id" | "status" | "event_id"> &
  Pick<Row<"webhook_outbox">, "payload"> &
  Pick<Row<"webhook_subscriptions">, "url" | "secret_encrypted" | "previous_secret_encrypted"> & { subscription_status: string };

export type DeliveryOutcome = "succeeded" | "retry" | "failed" | "skipped";

function failureSummary(result: PostResult): StoredNote {
  if (result.error) return result.error;
  const excerpt = result.excerpt?.trim();
  return { text: `HTTP ${result.status}${excerpt ? `: ${excerpt.slice(0, 200)}` : ""}` };
}

/**
 * One attempt of a delivery (the `webhooks.deliver` job): post, log the
 * attempt, and settle the delivery and the subscription's failure count.
 * Throws after a failed attempt that is not the last, so pg-boss retries it
 * with backoff. `now` is a parameter so tests set the clock.
 */
export async function deliverWebhook(deliveryId: string, options: { finalAttempt: boolean; now?: Date }): Promise<DeliveryOutcome> {
  const now = options.now ?? new Date();
  const [target] = await asService(
    (tx) => tx<DeliveryTarget[]>`
      select d.workspace_id, d.subscription_id, d.status, d.event_id, o.payload, s.url, s.secret_encrypted,
             case when s.previous_secret_expires_at > ${now}::timestamptz then s.previous_secret_encrypted end as previous_secret_encrypted,
             s.status as subscription_status
      from public.webhook_deliveries d
      join public.webhook_subscriptions s on s.workspace_id = d.workspace_id and s.id = d.subscription_id
      join public.webhook_outbox o on o.workspace_id = d.workspace_id and o.id = d.event_id
      where d.id = ${deliveryId}`,
  );
  // Deleted with its subscription, or already settled (a replay re-opens it first).
  if (target?.status !== "pending") return "skipped";
  if (target.subscription_status !== "active") {
    await asService(
      (tx) => tx`
        update public.webhook_deliveries set status = 'failed', last_error = ${storeNotes(["errors.webhooks.delivery.subscriptionPaused"])}
        where workspace_id = ${target.workspace_id} and id = ${deliveryId} and status = 'pending'`,
    );
    return "skipped";
  }

  const body = JSON.stringify(target.payload);
  let result: PostResult;
  try {
    const url = await checkTargetUrl(target.url);
    const secrets = [target.secret_encrypted, target.previous_secret_encrypted].filter((secret) => secret !== null).map(decryptSecret);
    result = await postWebhook(url, body, signatureHeaders(secrets, target.event_id, body, now));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    result = { status: null, excerpt: null, error: typeof error.text === "string" ? { key: error.text } : error.text, latencyMs: 0 };
  }
  const ok = result.status !== null && result.status >= 200 && result.status < 300;
  const settled = ok ? "succeeded" : options.finalAttempt ? "failed" : "pending";
  const summary = failureSummary(result);

  await asService(async (tx) => {
    await tx`
      insert into public.webhook_attempts
        (workspace_id, delivery_id, attempted_at, response_status, latency_ms, response_excerpt, error, succeeded)
      values (${target.workspace_id}, ${deliveryId}, ${now}, ${result.status}, ${result.latencyMs}, ${result.excerpt},
              ${result.error && storeNotes([result.error])}, ${ok})`;
    await tx`
      update public.webhook_deliveries set status = ${settled}, attempts = attempts + 1, last_attempt_at = ${now},
             last_response_status = ${result.status}, last_error = ${ok ? null : storeNotes([summary])}
      where workspace_id = ${target.workspace_id} and id = ${deliveryId}`;
    if (ok) {
      await tx`
        update public.webhook_subscriptions set consecutive_failures = 0, failing_since = null,
               last_delivery_at = ${now}, last_delivery_ok = true
        where workspace_id = ${target.workspace_id} and id = ${target.subscription_id}`;
      return;
    }
    const failedDeliveries = options.finalAttempt ? tx`consecutive_failures + 1` : tx`consecutive_failures`;
    await tx`
      update public.webhook_subscriptions s set
        consecutive_failures = ${failedDeliveries},
        failing_since = coalesce(failing_since, ${now}),
        last_delivery_at = ${now},
        last_delivery_ok = false,
        status = case when paused.reason is null then s.status else 'paused' end,
        paused_reason = coalesce(paused.reason, s.paused_reason),
        paused_at = case when paused.reason is null then s.paused_at else ${now} end
      from (
        select case
          when status <> 'active' then null
          when ${failedDeliveries} >= ${PAUSE_AFTER_FAILED_DELIVERIES}
            then ${storeNotes([{ key: "errors.webhooks.delivery.pausedAfterFailures", values: { count: PAUSE_AFTER_FAILED_DELIVERIES, lastError: summary } }])}
          when failing_since < ${now}::timestamptz - make_interval(hours => ${PAUSE_AFTER_FAILING_HOURS})
            then ${storeNotes([{ key: "errors.webhooks.delivery.pausedAfterHours", values: { hours: PAUSE_AFTER_FAILING_HOURS, lastError: summary } }])}
        end as reason
        from public.webhook_subscriptions
        where workspace_id = ${target.workspace_id} and id = ${target.subscription_id}
      ) paused
      where s.workspace_id = ${target.workspace_id} and s.id = ${target.subscription_id}`;
  });
  // Without the answer's excerpt (kept in the attempt): a receiver may echo the payload, and this message reaches the logs.
  if (settled === "pending") {
    throw new Error(
      `Webhook delivery ${deliveryId} failed (${result.error ? readNote(result.error, inEnglish) : `HTTP ${result.status}`}); retrying`,
    );
  }
  return settled;
}
