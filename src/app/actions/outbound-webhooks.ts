"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ROTATION_OVERLAP_HOURS, WEBHOOK_EVENT_TYPES } from "@/lib/webhook-events";
import { defineAction } from "@/server/actions/define-action";
import {
  createSubscription,
  deleteSubscription,
  replayWebhookDelivery,
  rotateSigningSecret,
  sendTestEvent,
  setSubscriptionPaused,
  updateSubscription,
} from "@/server/outhooks/subscriptions";

/**
 * Settings → API → Webhooks (admins). Rotating, test events and replays
 * check the subscription as the admin, then write as the service: their
 * domain functions open both transactions themselves.
 */

const subscriptionInput = z.object({
  url: z.string().trim().min(1, "validation.webhookUrl").max(2000),
  description: z.string().trim().max(200).nullable().optional(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, "validation.chooseAnEvent"),
});

const PATH = "/settings/api/webhooks";

export const createWebhookSubscription = defineAction(
  { name: "outboundWebhooks.createWebhookSubscription", input: subscriptionInput, role: "admin" },
  async ({ tx, actor, input }) => {
    const { secret, subscription } = await createSubscription(tx, actor, input);
    revalidatePath(PATH);
    return { id: subscription.id, url: subscription.url, secret };
  },
);

export const updateWebhookSubscription = defineAction(
  { name: "outboundWebhooks.updateWebhookSubscription", input: subscriptionInput.extend({ id: z.uuid() }), role: "admin" },
  async ({ tx, actor, input: { id, ...input } }) => {
    await updateSubscription(tx, actor, id, input);
    revalidatePath(PATH, "layout");
    return null;
  },
);

export const setWebhookSubscriptionPaused = defineAction(
  { name: "outboundWebhooks.setWebhookSubscriptionPaused", input: z.object({ id: z.uuid(), paused: z.boolean() }), role: "admin" },
  async ({ tx, actor, input }) => {
    await setSubscriptionPaused(tx, actor, input.id, input.paused);
    revalidatePath(PATH, "layout");
    return null;
  },
);

export const rotateWebhookSecret = defineAction(
  {
    name: "outboundWebhooks.rotateWebhookSecret",
    input: z.object({ id: z.uuid(), overlapHours: z.union(ROTATION_OVERLAP_HOURS.map((hours) => z.literal(hours))) }),
    role: "admin",
    transaction: false,
  },
  async ({ context, actor, input }) => {
    const { secret } = await rotateSigningSecret(context.claims, actor.workspaceId, input.id, input.overlapHours);
    revalidatePath(`${PATH}/${input.id}`);
    return { secret };
  },
);

export const deleteWebhookSubscription = defineAction(
  { name: "outboundWebhooks.deleteWebhookSubscription", input: z.object({ id: z.uuid() }), role: "admin" },
  async ({ tx, actor, input }) => {
    await deleteSubscription(tx, actor, input.id);
    revalidatePath(PATH);
    return null;
  },
);

export const sendWebhookTestEvent = defineAction(
  { name: "outboundWebhooks.sendWebhookTestEvent", input: z.object({ id: z.uuid() }), role: "admin", transaction: false },
  async ({ context, actor, input }) => {
    const deliveryId = await sendTestEvent(context.claims, actor.workspaceId, input.id);
    revalidatePath(`${PATH}/${input.id}`);
    return { deliveryId };
  },
);

export const replayOutboundDelivery = defineAction(
  {
    name: "outboundWebhooks.replayOutboundDelivery",
    input: z.object({ subscriptionId: z.uuid(), deliveryId: z.uuid() }),
    role: "admin",
    transaction: false,
  },
  async ({ context, actor, input }) => {
    await replayWebhookDelivery(context.claims, actor.workspaceId, input.deliveryId);
    revalidatePath(`${PATH}/${input.subscriptionId}`);
    return null;
  },
);
