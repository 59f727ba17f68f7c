"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { MEMBER_ROLES } from "@/lib/roles";
import { workspaceAction } from "@/server/actions/define-action";
import { authProvider } from "@/server/auth/mode";
import { asUser } from "@/server/db/client";
import { createInvitation, revokeInvitation as revoke } from "@/server/workspaces/invitations";
import { changeMemberRole as change, leaveWorkspace as leave, removeMember as remove } from "@/server/workspaces/queries";

const role = z.enum(MEMBER_ROLES);

/**
 * Invites an email with a role; the answer carries the link token for the
 * admin to copy, and whether the auth mode also mailed it (after the commit,
 * so no mail goes out for an invitation that was not stored).
 */
export const inviteMember = workspaceAction(
  z.object({ email: z.email("Enter a valid email address").trim().toLowerCase(), role }),
  async ({ claims, workspace }, input) => {
    const invitation = await asUser(claims, (tx) => createInvitation(tx, workspace.id, input));
    const emailed = await authProvider().sendInvitation(invitation);
    revalidatePath("/settings/members");
    return { email: invitation.email, token: invitation.token, expiresAt: invitation.expires_at.toISOString(), emailed };
  },
);

export const revokeInvitation = workspaceAction(z.object({ invitationId: z.uuid() }), async ({ claims, workspace }, input) => {
  await asUser(claims, (tx) => revoke(tx, workspace.id, input.invitationId));
  revalidatePath("/settings/members");
  return null;
});

export const changeMemberRole = workspaceAction(z.object({ userId: z.uuid(), role }), async ({ claims, workspace }, input) => {
  await asUser(claims, (tx) => change(tx, workspace.id, input.userId, input.role));
  revalidatePath("/settings/members");
  return null;
});

export const removeMember = workspaceAction(z.object({ userId: z.uuid() }), async ({ claims, workspace }, input) => {
  await asUser(claims, (tx) => remove(tx, workspace.id, input.userId));
  revalidatePath("/settings/members");
  return null;
});

/** The signed-in member leaves the current workspace; the layout then picks another one (or onboarding). */
export const leaveWorkspace = workspaceAction(z.object({}), async ({ claims, workspace }) => {
  await asUser(claims, (tx) => leave(tx, workspace.id, claims.sub));
  revalidatePath("/", "layout");
  return null;
});
