"use server";

import { z } from "zod";
import { templateDraft } from "@/lib/template-draft";
import { defineAction } from "@/server/actions/define-action";
import { asUser } from "@/server/db/client";
import { AppError, invalidField } from "@/server/errors";
import { enqueue } from "@/server/jobs/enqueue";
import { createTemplate as submitTemplate } from "@/server/whatsapp/templates/create";
import { templateSyncJob } from "@/server/whatsapp/templates/jobs";
import { templateChannels } from "@/server/whatsapp/templates/queries";

/** Message templates: submit a new one for review (admins), sync a number's list now (any member). */

const MAX_SAMPLE_BYTES = 100 * 1024 * 1024;

/** The provider is called between transactions: no transaction held open while Meta reviews the request. */
export const createTemplate = defineAction(
  {
    name: "templates.createTemplate",
    input: z.object({
      draft: templateDraft,
      sample: z.instanceof(File).optional(),
    }),
    role: "admin",
    transaction: false,
  },
  async ({ context, input: { draft, sample } }) => {
    // Refused before its bytes are copied; each header type's own limit is checked after.
    if (sample && sample.size > MAX_SAMPLE_BYTES) {
      throw invalidField("sample", { key: "errors.templates.sampleTooLarge", values: { megabytes: MAX_SAMPLE_BYTES / 1024 / 1024 } });
    }
    return submitTemplate(
      context,
      draft,
      sample ? { bytes: new Uint8Array(await sample.arrayBuffer()), mimeType: sample.type, filename: sample.name || "sample" } : null,
    );
  },
);

/** "Sync now": the number's templates from its provider, by the job (retried if the provider is down). */
export const syncTemplates = defineAction(
  { name: "templates.syncTemplates", input: z.object({ channelId: z.uuid() }), role: "member", transaction: false },
  async ({ context, actor, input }) => {
    const channels = await asUser(context.claims, (tx) => templateChannels(tx, actor.workspaceId));
    if (!channels.some((channel) => channel.id === input.channelId)) throw new AppError("not_found", "errors.channels.notConnectedHere");
    await enqueue(templateSyncJob, { channelId: input.channelId });
    return null;
  },
);
