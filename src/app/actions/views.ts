"use server";

import { z } from "zod";
import { conversationFilter } from "@/lib/conversation-filter";
import { defineAction } from "@/server/actions/define-action";
import * as views from "@/server/inbox/views";

/** Saved inbox views and the sidebar's live counts. */

const id = z.uuid();
const name = z.string().trim().min(1, "validation.nameTheView").max(60, "validation.viewNameTooLong");

export const getSidebarViews = defineAction({ name: "views.getSidebarViews", input: z.object({}), role: "member" }, ({ tx, actor }) =>
  views.sidebarViews(tx, actor.workspaceId, actor.userId),
);

export const createView = defineAction(
  { name: "views.createView", input: z.object({ name, filter: conversationFilter }), role: "member" },
  ({ tx, actor, input }) => views.createView(tx, actor, input.name, input.filter),
);

export const updateView = defineAction(
  {
    name: "views.updateView",
    input: z.object({ viewId: id, name: name.optional(), filter: conversationFilter.optional() }),
    role: "member",
  },
  async ({ tx, actor, input: { viewId, ...changes } }) => {
    await views.updateView(tx, actor.workspaceId, viewId, changes);
    return null;
  },
);

export const deleteView = defineAction(
  { name: "views.deleteView", input: z.object({ viewId: id }), role: "member" },
  async ({ tx, actor, input }) => {
    await views.deleteView(tx, actor.workspaceId, input.viewId);
    return null;
  },
);

export const shareView = defineAction(
  { name: "views.shareView", input: z.object({ viewId: id }), role: "admin" },
  async ({ tx, actor, input }) => {
    await views.shareView(tx, actor, input.viewId);
    return null;
  },
);
