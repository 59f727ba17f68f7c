"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { workspaceAction } from "@/server/actions/define-action";
import { replayWebhookEvent } from "@/server/whatsapp/webhook-log";

export const replayWebhook = workspaceAction(z.object({ id: z.number().int().positive() }), async ({ claims, workspace }, input) => {
  const outcome = await replayWebhookEvent(claims, workspace.id, input.id);
  revalidatePath("/settings/webhooks");
  return { outcome };
});
