"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { MEMBER_ROLES } from "@/lib/roles";
import { workspaceAction } from "@/server/actions/define-action";
import { findOrCreateUserByEmail } from "@/server/auth/users";
import { asService, asUser } from "@/server/db/client";
import { addMember as add, assertAdmin, changeMemberRole as change, removeMember as remove } from "@/server/workspaces/queries";

const role = z.enum(MEMBER_ROLES);

export const addMember = workspaceAction(
  z.object({ email: z.email("Enter a valid email address").trim().toLowerCase(), role }),
  async ({ claims, workspace }, input) => {
    // Check first, so an agent cannot even create accounts through this path.
    await asUser(claims, (tx) => assertAdmin(tx, workspace.id));
    const user = await asService((tx) => findOrCreateUserByEmail(tx, input.email));
    await asUser(claims, (tx) => add(tx, workspace.id, user.id, input.role));
    revalidatePath("/settings/members");
    return { email: user.email, temporaryPassword: user.temporaryPassword ?? null };
  },
);

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
