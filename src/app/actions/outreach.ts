"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { MAX_TEXT_LENGTH } from "@/lib/whatsapp-media";
import { defineAction } from "@/server/actions/define-action";
import * as optOut from "@/server/contacts/opt-out";
import * as start from "@/server/inbox/start-conversation";

/**
 * Writing first (the "New conversation" dialog) and opt-outs: input checked
 * here, workspace and user from the session, every statement run as the
 * user (RLS); the logic in src/server/inbox/start-conversation.ts and
 * src/server/contacts/opt-out.ts.
 */

const id = z.uuid();
const target = z.union([z.object({ contactId: id }), z.object({ phone: z.string().trim().min(1, "validation.typePhone").max(40) })]);

export const getStartOptions = defineAction({ name: "outreach.getStartOptions", input: target, role: "member" }, ({ tx, actor, input }) =>
  start.startConversationOptions(tx, actor, input),
);

export const startConversation = defineAction(
  {
    name: "outreach.startConversation",
    input: z.object({
      channelId: id,
      target,
      idempotencyKey: z.string().min(8).max(100),
      message: z.discriminatedUnion("kind", [
        z.object({
          kind: z.literal("template"),
          templateId: id,
          parameters: z.record(z.string().regex(/^(header|body)\.\d{1,2}$/), z.string().max(1024)),
        }),
        z.object({ kind: z.literal("text"), text: z.string().max(MAX_TEXT_LENGTH) }),
      ]),
    }),
    role: "member",
  },
  ({ tx, actor, input }) => start.startConversation(tx, actor, input),
);

export const setContactOptOut = defineAction(
  {
    name: "outreach.setContactOptOut",
    input: z.object({ contactId: id, optedOut: z.boolean(), reason: z.string().max(200).nullish() }),
    role: "admin",
  },
  async ({ tx, actor, input }) => {
    const result = await optOut.setContactOptOut(tx, actor, input.contactId, input);
    revalidatePath(`/contacts/${input.contactId}`);
    return result;
  },
);

export const updateOptOutKeywords = defineAction(
  { name: "outreach.updateOptOutKeywords", input: z.object({ keywords: z.array(z.string().max(100)).max(100) }), role: "admin" },
  ({ tx, actor, input }) => optOut.updateOptOutKeywords(tx, actor, input.keywords),
);
