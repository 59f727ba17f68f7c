"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AVAILABILITIES, CONVERSATION_VISIBILITIES } from "@/lib/availability";
import { defineAction } from "@/server/actions/define-action";
import { setConversationTeam as moveConversation } from "@/server/inbox/assignment";
import { setMyAvailability as setAvailability, touchMyPresence } from "@/server/teams/availability";
import {
  addTeamMember as addMember,
  createTeam as create,
  deleteTeam as remove,
  removeTeamMember as removeMember,
  setChannelDefaultTeam as setDefaultTeam,
  setConversationVisibility as setVisibility,
  updateTeam as update,
} from "@/server/teams/commands";

const PAGE = "/settings/teams";

const teamInput = z.object({
  name: z.string().trim().min(1, "validation.nameTheTeam").max(60, "validation.atMost60"),
  description: z
    .string()
    .trim()
    .max(300, "validation.atMost300")
    .transform((value) => value || null),
  autoAssign: z.boolean(),
  assignmentCap: z.number().int().min(1, "validation.capAtLeast1").max(500, "validation.atMost500").nullable(),
});

export const createTeam = defineAction({ name: "teams.createTeam", input: teamInput, role: "admin" }, async ({ tx, actor, input }) => {
  const id = await create(tx, actor.workspaceId, input);
  revalidatePath(PAGE);
  return { id };
});

export const updateTeam = defineAction(
  { name: "teams.updateTeam", input: teamInput.extend({ teamId: z.uuid() }), role: "admin" },
  async ({ tx, actor, input: { teamId, ...input } }) => {
    await update(tx, actor.workspaceId, teamId, input);
    revalidatePath(PAGE);
    return null;
  },
);

export const deleteTeam = defineAction(
  { name: "teams.deleteTeam", input: z.object({ teamId: z.uuid() }), role: "admin" },
  async ({ tx, actor, input }) => {
    await remove(tx, actor.workspaceId, input.teamId);
    revalidatePath(PAGE);
    return null;
  },
);

const membership = z.object({ teamId: z.uuid(), userId: z.uuid() });

export const addTeamMember = defineAction(
  { name: "teams.addTeamMember", input: membership, role: "admin" },
  async ({ tx, actor, input }) => {
    await addMember(tx, actor.workspaceId, input.teamId, input.userId);
    revalidatePath(PAGE);
    return null;
  },
);

export const removeTeamMember = defineAction(
  { name: "teams.removeTeamMember", input: membership, role: "admin" },
  async ({ tx, actor, input }) => {
    await removeMember(tx, actor.workspaceId, input.teamId, input.userId);
    revalidatePath(PAGE);
    return null;
  },
);

export const setChannelDefaultTeam = defineAction(
  { name: "teams.setChannelDefaultTeam", input: z.object({ channelId: z.uuid(), teamId: z.uuid().nullable() }), role: "admin" },
  async ({ tx, actor, input }) => {
    await setDefaultTeam(tx, actor.workspaceId, input.channelId, input.teamId);
    revalidatePath(PAGE);
    return null;
  },
);

export const setConversationVisibility = defineAction(
  { name: "teams.setConversationVisibility", input: z.object({ visibility: z.enum(CONVERSATION_VISIBILITIES) }), role: "admin" },
  async ({ tx, actor, input }) => {
    await setVisibility(tx, actor.workspaceId, input.visibility);
    revalidatePath(PAGE);
    return null;
  },
);

/** The signed-in agent's own availability. */
export const setMyAvailability = defineAction(
  { name: "teams.setMyAvailability", input: z.object({ availability: z.enum(AVAILABILITIES) }), role: "member" },
  async ({ tx, actor, input }) => {
    await setAvailability(tx, actor.workspaceId, input.availability);
    return { availability: input.availability };
  },
);

/** A tab of the signed-in agent is open (every minute, from the app shell). */
export const heartbeat = defineAction({ name: "teams.heartbeat", input: z.object({}), role: "member" }, async ({ tx, actor }) => {
  await touchMyPresence(tx, actor.workspaceId);
  return null;
});

/** Moves a conversation to a team (or none); unassigned, it joins that team's queue. */
export const setConversationTeam = defineAction(
  { name: "teams.setConversationTeam", input: z.object({ conversationId: z.uuid(), teamId: z.uuid().nullable() }), role: "member" },
  async ({ tx, actor, input }) => {
    await moveConversation(tx, actor, input.conversationId, input.teamId);
    return null;
  },
);
