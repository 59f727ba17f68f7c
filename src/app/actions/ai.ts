"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { z } from "zod";
import { MAX_TEXT_LENGTH } from "@/lib/whatsapp-media";
import { defineAction } from "@/server/actions/define-action";
import { checkSavedConnection } from "@/server/ai/check-connection";
import { tryAssistant as runPlayground } from "@/server/ai/playground";
import { aiSettingsInputSchema, saveAiSettings as save } from "@/server/ai/settings";
import { asUser } from "@/server/db/client";
import { translatorFor } from "@/server/i18n/translator";

/**
 * Settings → AI assistant (admins). The settings are saved even when the
 * model server cannot be reached (an admin's edits are not lost to a server
 * that is down for a minute); after the commit the server is asked about the
 * model and the answer comes back beside the settings for the form to show.
 */
export const saveAiSettings = defineAction(
  { name: "ai.saveAiSettings", input: aiSettingsInputSchema, role: "admin", transaction: false },
  async ({ context, actor, input }) => {
    const settings = await asUser(context.claims, (tx) => save(tx, actor.workspaceId, actor.userId, input));
    revalidatePath("/settings/ai");
    return { settings, connection: await checkSavedConnection(actor.workspaceId, await translatorFor(await getLocale())) };
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
