"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { clientIp } from "@/server/auth/client-ip";
import { getSessionClaims } from "@/server/auth/current-user";
import { issueSessionToken, SESSION_COOKIE, sessionCookieOptions } from "@/server/auth/session";
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from "@/server/auth/users";
import { type Result, toErrorResult } from "@/server/errors";
import { WORKSPACE_COOKIE } from "@/server/workspaces/context";
import { joinWithInvitation } from "@/server/workspaces/join-workspace";

const token = z.string().regex(/^[0-9a-f]{48}$/, "This invitation link is not valid.");
const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .refine((p) => new TextEncoder().encode(p).length <= PASSWORD_MAX_BYTES, "That password is too long");

const acceptInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("new"), token, fullName: z.string().trim().min(1, "Enter your name").max(80), password: newPassword }),
  z.object({ kind: z.literal("password"), token, password: z.string().min(1, "Enter your password") }),
  z.object({ kind: z.literal("session"), token }),
]);

/**
 * Public (the invitee may have no session yet): the token is the
 * credential. On success the browser is signed in as the invited account,
 * in the workspace it joined, and sent to the dashboard.
 */
export async function acceptInvitation(input: z.input<typeof acceptInput>): Promise<Result<never>> {
  const parsed = acceptInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: { code: "invalid", message: parsed.error.issues[0]?.message ?? "Invalid input." } };
  const { token: invitationToken, ...account } = parsed.data;
  let joined: Awaited<ReturnType<typeof joinWithInvitation>>;
  try {
    if (account.kind === "session") {
      const claims = await getSessionClaims();
      if (!claims) return { ok: false, error: { code: "unauthenticated", message: "Please sign in again." } };
      joined = await joinWithInvitation(invitationToken, { kind: "session", userId: claims.sub }, null);
    } else {
      joined = await joinWithInvitation(invitationToken, account, await clientIp());
    }
  } catch (error) {
    return toErrorResult(error);
  }
  const store = await cookies();
  store.set(SESSION_COOKIE, await issueSessionToken(joined.user), sessionCookieOptions());
  store.set(WORKSPACE_COOKIE, joined.workspaceId, { ...sessionCookieOptions(), httpOnly: true });
  redirect("/");
}
