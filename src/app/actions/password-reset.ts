"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authProvider } from "@/server/auth/mode";
import type { CookieJar, PasswordReset } from "@/server/auth/provider";
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

/** Parses the form and runs one step of the reset; a failure comes back as the form's error. */
async function resetStep<Schema extends z.ZodType>(
  schema: Schema,
  form: FormData,
  step: (flow: PasswordReset, jar: CookieJar, input: z.infer<Schema>) => Promise<void>,
): Promise<PasswordResetState | null> {
  const parsed = schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message };
  const flow = authProvider().passwordReset;
  if (!flow) return { error: "Ask an admin of your workspace to reset your password." };
  try {
    await step(flow, await cookies(), parsed.data);
  } catch (error) {
    return { error: toErrorResult(error).error.message };
  }
  return null;
}

/** Public: mails a reset link. The answer is the same for unknown addresses, so it reveals no accounts. */
export async function requestPasswordReset(_previous: PasswordResetState, form: FormData): Promise<PasswordResetState> {
  return (await resetStep(resetRequest, form, (flow, jar, input) => flow.request(jar, input.email))) ?? { sent: true };
}

/** For the session the reset link opened (the proxy guards the page): the new password, then the inbox. */
export async function setNewPassword(_previous: PasswordResetState, form: FormData): Promise<PasswordResetState> {
  const failed = await resetStep(newPassword, form, (flow, jar, input) => flow.setPassword(jar, input.password));
  if (failed) return failed;
  redirect("/inbox");
}
