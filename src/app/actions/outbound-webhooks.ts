"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ROTATION_OVERLAP_HOURS, WEBHOOK_EVENT_TYPES } from "@/lib/webhook-events";
import { workspaceAction } from "@/server/actions/define-action";
import { asUser } from "@/server/db/client";
import {
  createSubscription,
  deleteSubscription,
  replayWebhookDelivery,
  rotateSigningSecret,
  sendTestEvent,
  setSubscriptionPaused,
  updateSubscription,
} from "@/server/outhooks/subscriptions";

const subscriptionInput = z.object({
  url: z.string().trim().min(1, "Enter the URL to send events to").max(2000),
  description: z.string().trim().max(200).nullable().optional(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, "Choose at least one event"),
});

const PATH = "/settings/api/webhooks";

export const createWebhookSubscription = workspaceAction(subscriptionInput, async ({ claims, workspace }, input) => {
  const { secret, subscription } = await asUser(claims, (tx) =>
    createSubscription(tx, { workspaceId: workspace.id, userId: claims.sub }, input),
  );
  revalidatePath(PATH);
  return { id: subscription.id, url: subscription.url, secret };
});

export const updateWebhookSubscription = workspaceAction(
  subscriptionInput.extend({ id: z.uuid() }),
  async ({ claims, workspace }, { id, ...input }) => {
    await asUser(claims, (tx) => updateSubscription(tx, { workspaceId: workspace.id, userId: claims.sub }, id, input));
    revalidatePath(PATH, "layout");
    return null;
  },
);

export const setWebhookSubscriptionPaused = workspaceAction(
  z.object({ id: z.uuid(), paused: z.boolean() }),
  async ({ claims, workspace }, input) => {
    await asUser(claims, (tx) => setSubscriptionPaused(tx, { workspaceId: workspace.id, userId: claims.sub }, input.id, input.paused));
    revalidatePath(PATH, "layout");
    return null;
  },
);

export const rotateWebhookSecret = workspaceAction(
  z.object({ id: z.uuid(), overlapHours: z.union(ROTATION_OVERLAP_HOURS.map((hours) => z.literal(hours))) }),
  async ({ claims, workspace }, input) => {
    const { secret } = await rotateSigningSecret(claims, workspace.id, input.id, input.overlapHours);
    revalidatePath(`${PATH}/${input.id}`);
    return { secret };
  },
);

export const deleteWebhookSubscription = workspaceAction(z.object({ id: z.uuid() }), async ({ claims, workspace }, input) => {
  await asUser(claims, (tx) => deleteSubscription(tx, { workspaceId: workspace.id, userId: claims.sub }, input.id));
  revalidatePath(PATH);
  return null;
});

export const sendWebhookTestEvent = workspaceAction(z.object({ id: z.uuid() }), async ({ claims, workspace }, input) => {
  const deliveryId = await sendTestEvent(claims, workspace.id, input.id);
  revalidatePath(`${PATH}/${input.id}`);
  return { deliveryId };
});

export const replayOutboundDelivery = workspaceAction(
  z.object({ subscriptionId: z.uuid(), deliveryId: z.uuid() }),
  async ({ claims, workspace }, input) => {
    await replayWebhookDelivery(claims, workspace.id, input.deliveryId);
    revalidatePath(`${PATH}/${input.subscriptionId}`);
    return null;
  },
);
