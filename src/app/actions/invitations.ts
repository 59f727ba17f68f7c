"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/server/actions/define-action";
import { clientIp } from "@/server/auth/client-ip";
import { sessionCookieOptions } from "@/server/auth/session";
import { newPasswordSchema } from "@/server/auth/users";
import { WORKSPACE_COOKIE } from "@/server/workspaces/context";
import { joinWithInvitation } from "@/server/workspaces/join-workspace";

const token = z.string().regex(/^[0-9a-f]{48}$/, "validation.invitationInvalid");

const acceptInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("new"),
    token,
    fullName: z.string().trim().min(1, "validation.enterYourName").max(80),
    password: newPasswordSchema,
  }),
  z.object({ kind: z.literal("password"), token, password: z.string().min(1, "validation.enterYourPassword") }),
  z.object({ kind: z.literal("session"), token }),
]);

/**
 * Public (the invitee may have no session yet): the token is the
 * credential. On success the browser is signed in as the invited account,
 * in the workspace it joined, and sent to the dashboard.
 */
export const acceptInvitation = defineAction(
  { name: "invitations.acceptInvitation", input: acceptInput, role: "public" },
  async ({ input: { token: invitationToken, ...proof } }) => {
    const store = await cookies();
    const joined = await joinWithInvitation(store, invitationToken, proof, proof.kind === "session" ? null : await clientIp());
    store.set(WORKSPACE_COOKIE, joined.workspaceId, { ...sessionCookieOptions(), httpOnly: true });
    redirect("/");
  },
);
