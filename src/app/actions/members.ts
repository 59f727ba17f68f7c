"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { MEMBER_ROLES } from "@/lib/roles";
import { defineAction } from "@/server/actions/define-action";
import { authProvider } from "@/server/auth/mode";
import { asUser } from "@/server/db/client";
import { createInvitation, revokeInvitation as revoke } from "@/server/workspaces/invitations";
import { changeMemberRole as change, leaveWorkspace as leave, removeMember as remove } from "@/server/workspaces/queries";

const role = z.enum(MEMBER_ROLES);
const PAGE = "/settings/members";

/**
 * Invites an email with a role; the answer carries the link token for the
 * admin to copy, and whether the auth mode also mailed it (after the commit,
 * so no mail goes out for an invitation that was not stored).
 */
export const inviteMember = defineAction(
  {
    name: "members.inviteMember",
    input: z.object({ email: z.email("validation.validEmail").trim().toLowerCase(), role }),
    role: "admin",
    transaction: false,
  },
  async ({ context, actor, input }) => {
    const invitation = await asUser(context.claims, (tx) => createInvitation(tx, actor.workspaceId, input));
    const emailed = await authProvider().sendInvitation(invitation);
    revalidatePath(PAGE);
    return { email: invitation.email, token: invitation.token, expiresAt: invitation.expires_at.toISOString(), emailed };
  },
);

export const revokeInvitation = defineAction(
  { name: "members.revokeInvitation", input: z.object({ invitationId: z.uuid() }), role: "admin" },
  async ({ tx, actor, input }) => {
    await revoke(tx, actor.workspaceId, input.invitationId);
    revalidatePath(PAGE);
    return null;
  },
);

export const changeMemberRole = defineAction(
  { name: "members.changeMemberRole", input: z.object({ userId: z.uuid(), role }), role: "admin" },
  async ({ tx, actor, input }) => {
    await change(tx, actor.workspaceId, input.userId, input.role);
    revalidatePath(PAGE);
    return null;
  },
);

export const removeMember = defineAction(
  { name: "members.removeMember", input: z.object({ userId: z.uuid() }), role: "admin" },
  async ({ tx, actor, input }) => {
    await remove(tx, actor.workspaceId, input.userId);
    revalidatePath(PAGE);
    return null;
  },
);

/** The signed-in member leaves the current workspace; the layout then picks another one (or onboarding). */
export const leaveWorkspace = defineAction(
  { name: "members.leaveWorkspace", input: z.object({}), role: "member" },
  async ({ tx, actor }) => {
    await leave(tx, actor.workspaceId, actor.userId);
    revalidatePath("/", "layout");
    return null;
  },
);
