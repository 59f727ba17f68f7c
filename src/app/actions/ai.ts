"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { MAX_TEXT_LENGTH } from "@/lib/whatsapp-media";
import { defineAction } from "@/server/actions/define-action";
import { tryAssistant as runPlayground } from "@/server/ai/playground";
import { aiSettingsInputSchema, saveAiSettings as save } from "@/server/ai/settings";

/** Settings → AI assistant (admins). */
export const saveAiSettings = defineAction(
  { name: "ai.saveAiSettings", input: aiSettingsInputSchema, role: "admin" },
  async ({ tx, actor, input }) => {
    const saved = await save(tx, actor.workspaceId, actor.userId, input);
    revalidatePath("/settings/ai");
    return saved;
  },
);

/** The playground reads the settings as the service and calls the model outside any transaction. */
export const tryAssistant = defineAction(
  {
    name: "ai.tryAssistant",
    input: z.object({
      turns: z
        .array(z.object({ from: z.enum(["customer", "assistant"]), text: z.string().trim().min(1).max(MAX_TEXT_LENGTH) }))
        .min(1)
        .max(20),
    }),
    role: "admin",
    transaction: false,
  },
  ({ actor, input }) => runPlayground(actor.workspaceId, input.turns),
);
