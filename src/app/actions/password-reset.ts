"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction, formInput } from "@/server/actions/define-action";
import { authProvider } from "@/server/auth/mode";
import type { PasswordReset } from "@/server/auth/provider";
import { newPasswordSchema } from "@/server/auth/users";
import { AppError } from "@/server/errors";

export interface PasswordResetState {
  error?: string;
  /** The reset link was requested (shown whether or not the address has an account). */
  sent?: boolean;
}

const resetRequest = z.object({ email: z.email("validation.validEmail").trim().toLowerCase() });

const newPassword = z
  .object({
    password: newPasswordSchema,
    confirm: z.string(),
  })
  .refine((input) => input.password === input.confirm, "validation.twoPasswordsDiffer");

/** The mode's reset flow; local mode has no mail to send a link with. */
function resetFlow(): PasswordReset {
  const flow = authProvider().passwordReset;
  if (!flow) throw new AppError("forbidden", "errors.auth.askAdminToReset");
  return flow;
}

/** Public: mails a reset link. The answer is the same for unknown addresses, so it reveals no accounts. */
const mailResetLink = defineAction(
  { name: "passwordReset.requestPasswordReset", input: formInput(resetRequest), role: "public" },
  async ({ input }) => resetFlow().request(await cookies(), input.email),
);

export async function requestPasswordReset(_previous: PasswordResetState, form: FormData): Promise<PasswordResetState> {
  const result = await mailResetLink(form);
  return result.ok ? { sent: true } : { error: result.error.message };
}

/** For the session the reset link opened (the proxy guards the page): the new password, then the inbox. */
const chooseNewPassword = defineAction(
  { name: "passwordReset.setNewPassword", input: formInput(newPassword), role: "signed-in", transaction: false },
  async ({ input }) => {
    await resetFlow().setPassword(await cookies(), input.password);
    redirect("/inbox");
  },
);

export async function setNewPassword(_previous: PasswordResetState, form: FormData): Promise<PasswordResetState> {
  const result = await chooseNewPassword(form);
  return result.ok ? {} : { error: result.error.message };
}
