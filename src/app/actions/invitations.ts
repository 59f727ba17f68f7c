"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { clientIp } from "@/server/auth/client-ip";
import { authProvider } from "@/server/auth/mode";
import { sessionCookieOptions } from "@/server/auth/session";
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from "@/server/auth/users";
import { type Result, toErrorResult } from "@/server/errors";
import { WORKSPACE_COOKIE } from "@/server/workspaces/context";

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
  const { token: invitationToken, ...proof } = parsed.data;
  const store = await cookies();
  let joined: { workspaceId: string };
  try {
    joined = await authProvider().joinWithInvitation(store, invitationToken, proof, proof.kind === "session" ? null : await clientIp());
  } catch (error) {
    return toErrorResult(error);
  }
  store.set(WORKSPACE_COOKIE, joined.workspaceId, { ...sessionCookieOptions(), httpOnly: true });
  redirect("/");
}
