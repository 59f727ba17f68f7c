"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/server/actions/define-action";
import { replayWebhookEvent } from "@/server/ingest/webhook-log";

/** Settings → Webhook log (admins): the event is checked as the admin, then processed again as the service. */
export const replayWebhook = defineAction(
  { name: "webhooks.replayWebhook", input: z.object({ id: z.number().int().positive() }), role: "admin", transaction: false },
  async ({ context, actor, input }) => {
    const outcome = await replayWebhookEvent(context.claims, actor.workspaceId, input.id);
    revalidatePath("/settings/webhooks");
    return { outcome };
  },
);
