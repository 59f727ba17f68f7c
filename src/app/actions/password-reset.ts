"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authProvider } from "@/server/auth/mode";
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from "@/server/auth/users";
import { toErrorResult } from "@/server/errors";

export interface PasswordResetState {
  error?: string;
  /** The reset link was requested (shown whether or not the address has an account). */
  sent?: boolean;
}

const resetRequest = z.object({ email: z.email("Enter a valid email address").trim().toLowerCase() });

const newPassword = z
  .object({
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
      .refine((p) => new TextEncoder().encode(p).length <= PASSWORD_MAX_BYTES, "That password is too long"),
    confirm: z.string(),
  })
  .refine((input) => input.password === input.confirm, "The two passwords differ");

function resetFlow() {
  const flow = authProvider().passwordReset;
  if (!flow) throw new Error("password reset is not available in this auth mode");
  return flow;
}

/** Public: mails a reset link. The answer is the same for unknown addresses, so it reveals no accounts. */
export async function requestPasswordReset(_previous: PasswordResetState, form: FormData): Promise<PasswordResetState> {
  const parsed = resetRequest.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message };
  try {
    await resetFlow().request(await cookies(), parsed.data.email);
  } catch (error) {
    return { error: toErrorResult(error).error.message };
  }
  return { sent: true };
}

/** For the session the reset link opened (the proxy guards the page): the new password, then the inbox. */
export async function setNewPassword(_previous: PasswordResetState, form: FormData): Promise<PasswordResetState> {
  const parsed = newPassword.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message };
  try {
    await resetFlow().setPassword(await cookies(), parsed.data.password);
  } catch (error) {
    return { error: toErrorResult(error).error.message };
  }
  redirect("/inbox");
}
