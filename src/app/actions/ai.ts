"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { isAdminRole } from "@/lib/roles";
import { MAX_TEXT_LENGTH } from "@/lib/whatsapp-media";
import { workspaceAction } from "@/server/actions/define-action";
import { tryAssistant as runPlayground } from "@/server/ai/playground";
import { aiSettingsInputSchema, saveAiSettings as save } from "@/server/ai/settings";
import { asUser } from "@/server/db/client";
import { AppError } from "@/server/errors";

/** Settings → AI assistant. Saving is refused by RLS for non-admins; the playground checks the role itself. */
export const saveAiSettings = workspaceAction(aiSettingsInputSchema, async (context, input) => {
  const saved = await asUser(context.claims, (tx) => save(tx, context.workspace.id, context.claims.sub, input));
  revalidatePath("/settings/ai");
  return saved;
});

export const tryAssistant = workspaceAction(
  z.object({
    turns: z
      .array(z.object({ from: z.enum(["customer", "assistant"]), text: z.string().trim().min(1).max(MAX_TEXT_LENGTH) }))
      .min(1)
      .max(20),
  }),
  async (context, input) => {
    if (!isAdminRole(context.workspace.role)) throw new AppError("forbidden", "Only admins can use the playground.");
    return runPlayground(context.workspace.id, input.turns);
  },
);
