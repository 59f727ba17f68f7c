"use server";

import { z } from "zod";
import { isAdminRole } from "@/lib/roles";
import { defineAction } from "@/server/actions/define-action";
import * as labels from "@/server/inbox/labels";

/** Conversation labels: definitions (admins) and putting them on conversations (members). */

const id = z.uuid();

/** The workspace's labels, and whether the caller may define new ones (the picker's "Create label"). */
export const getLabels = defineAction({ name: "labels.getLabels", input: z.object({}), role: "member" }, async ({ tx, actor }) => ({
  labels: await labels.listLabels(tx, actor.workspaceId),
  canManage: isAdminRole(actor.role),
}));

export const createLabel = defineAction({ name: "labels.createLabel", input: labels.labelInput, role: "admin" }, ({ tx, actor, input }) =>
  labels.createLabel(tx, actor.workspaceId, input),
);

export const updateLabel = defineAction(
  { name: "labels.updateLabel", input: labels.labelInput.extend({ labelId: id }), role: "admin" },
  ({ tx, actor, input: { labelId, ...input } }) => labels.updateLabel(tx, actor.workspaceId, labelId, input),
);

export const deleteLabel = defineAction(
  { name: "labels.deleteLabel", input: z.object({ labelId: id }), role: "admin" },
  async ({ tx, actor, input }) => {
    await labels.deleteLabel(tx, actor.workspaceId, input.labelId);
    return null;
  },
);

const conversationLabels = z.object({ conversationId: id, labelIds: z.array(id).min(1).max(20) });

export const addConversationLabels = defineAction(
  { name: "labels.addConversationLabels", input: conversationLabels, role: "member" },
  ({ tx, actor, input }) => labels.addLabels(tx, actor.workspaceId, input.conversationId, input.labelIds),
);

export const removeConversationLabels = defineAction(
  { name: "labels.removeConversationLabels", input: conversationLabels, role: "member" },
  ({ tx, actor, input }) => labels.removeLabels(tx, actor.workspaceId, input.conversationId, input.labelIds),
);
