"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { sameOriginPath } from "@/lib/safe-redirect";
import { defineAction, formInput } from "@/server/actions/define-action";
import { clientInfo } from "@/server/auth/client-ip";
import { authProvider } from "@/server/auth/mode";
import { env } from "@/server/env";
import { AppError, type Result } from "@/server/errors";
import { WORKSPACE_COOKIE } from "@/server/workspaces/context";

const credentials = z.object({
  email: z.string().trim().min(1, "validation.enterYourEmail"),
  password: z.string().min(1, "validation.enterYourPassword"),
  next: z.string().optional(),
});

export interface SignInState {
  error?: string;
  email?: string;
}

const signInWithPassword = defineAction(
  { name: "auth.signIn", input: formInput(credentials), role: "public" },
  async ({ input: { email, password, next } }) => {
    const user = await authProvider().signIn(await cookies(), { email, password, ...(await clientInfo()) });
    if (!user) throw new AppError("unauthenticated", { text: (await getTranslations("auth.login"))("wrongCredentials") });
    redirect(sameOriginPath(next, env().APP_URL));
  },
);

/** The login form (useActionState): a failure comes back with the email, so the form keeps it. */
export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const result = await signInWithPassword(form);
  return result.ok ? {} : { error: result.error.message, email: String(form.get("email") ?? "").trim() };
}

const endSession = defineAction({ name: "auth.signOut", input: z.undefined(), role: "public" }, async () => {
  const store = await cookies();
  await authProvider().signOut(store);
  store.delete(WORKSPACE_COOKIE);
  redirect("/login");
});

/** The shell's sign-out form; a failure is logged and leaves the page as it is. */
export async function signOut(): Promise<void> {
  await endSession(undefined);
}

/** Ends every session of the signed-in person (other browsers, copied cookies), this one too. */
const endEverySession = defineAction(
  { name: "auth.signOutEverywhere", input: z.undefined(), role: "signed-in", transaction: false },
  async () => {
    const store = await cookies();
    await authProvider().signOutEverywhere(store);
    store.delete(WORKSPACE_COOKIE);
    redirect("/login");
  },
);

/** The settings page's "Sign out everywhere" (a ConfirmButton shows a refusal). */
export async function signOutEverywhere(): Promise<Result<never>> {
  return endEverySession(undefined);
}
