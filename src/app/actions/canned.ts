"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { CANNED_BODY_MAX, CANNED_CODE, CANNED_TITLE_MAX } from "@/lib/canned";
import { defineAction } from "@/server/actions/define-action";
import {
  setCannedAttachment as attach,
  createCannedResponse as create,
  removeCannedAttachment as detach,
  cannedForConversation as forConversation,
  recordCannedUse as recordUse,
  deleteCannedResponse as remove,
  storeCannedAttachment as store,
  updateCannedResponse as update,
} from "@/server/canned/responses";
import { asUser } from "@/server/db/client";

const fields = {
  code: z
    .string()
    .trim()
    .toLowerCase()
    .transform((code) => (code.startsWith("/") ? code : `/${code}`))
    .pipe(z.string().regex(CANNED_CODE, "validation.cannedCode")),
  title: z.string().trim().min(1, "validation.giveItATitle").max(CANNED_TITLE_MAX),
  body: z.string().trim().min(1, "validation.writeTheText").max(CANNED_BODY_MAX),
};

const SETTINGS = "/settings/canned-responses";

export const createCannedResponse = defineAction(
  { name: "canned.createCannedResponse", input: z.object({ ...fields, personal: z.boolean() }), role: "member" },
  async ({ tx, actor, input }) => {
    const id = await create(tx, actor, input);
    revalidatePath(SETTINGS);
    return { id };
  },
);

export const updateCannedResponse = defineAction(
  { name: "canned.updateCannedResponse", input: z.object({ id: z.uuid(), ...fields }), role: "member" },
  async ({ tx, actor, input: { id, ...input } }) => {
    await update(tx, actor, id, input);
    revalidatePath(SETTINGS);
    return null;
  },
);

export const deleteCannedResponse = defineAction(
  { name: "canned.deleteCannedResponse", input: z.object({ id: z.uuid() }), role: "member" },
  async ({ tx, actor, input }) => {
    await remove(tx, actor, input.id);
    revalidatePath(SETTINGS);
    return null;
  },
);

/** A response's file: checked by its bytes and stored before the row points at it (replacing any earlier one). */
export const uploadCannedAttachment = defineAction(
  {
    name: "canned.uploadCannedAttachment",
    input: z.object({ id: z.uuid(), file: z.instanceof(File, { message: "validation.chooseAFile" }) }),
    role: "member",
    transaction: false,
  },
  async ({ actor, context, input }) => {
    const { name, type } = input.file;
    const stored = await store(actor.workspaceId, { name, type, bytes: new Uint8Array(await input.file.arrayBuffer()) }, "file");
    await asUser(context.claims, (tx) => attach(tx, actor, input.id, stored));
    revalidatePath(SETTINGS);
    return null;
  },
);

export const removeCannedAttachment = defineAction(
  { name: "canned.removeCannedAttachment", input: z.object({ id: z.uuid() }), role: "member" },
  async ({ tx, actor, input }) => {
    await detach(tx, actor, input.id);
    revalidatePath(SETTINGS);
    return null;
  },
);

/** The composer's picker: the responses this member may use and the conversation's values for their variables. */
export const cannedForConversation = defineAction(
  { name: "canned.cannedForConversation", input: z.object({ conversationId: z.uuid() }), role: "member" },
  ({ tx, actor, input }) => forConversation(tx, actor, input.conversationId),
);

/** Called by the composer after a message holding inserted responses was sent. */
export const recordCannedUse = defineAction(
  { name: "canned.recordCannedUse", input: z.object({ ids: z.array(z.uuid()).min(1).max(20) }), role: "member" },
  async ({ tx, input }) => {
    for (const id of new Set(input.ids)) await recordUse(tx, id);
    return null;
  },
);
