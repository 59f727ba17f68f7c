"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { clientInfo } from "@/server/auth/client-ip";
import { authProvider } from "@/server/auth/mode";
import { type Result, toErrorResult } from "@/server/errors";
import { WORKSPACE_COOKIE } from "@/server/workspaces/context";

const credentials = z.object({
  email: z.string().trim().min(1, "Enter your email"),
  password: z.string().min(1, "Enter your password"),
  next: z.string().optional(),
});

export interface SignInState {
  error?: string;
  email?: string;
}

/** Only same-site paths, so the login form cannot be used as an open redirect. */
function safeNext(next: string | undefined) {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/inbox";
}

export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = credentials.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message };
  const { email, password, next } = parsed.data;
  const client = await clientInfo();
  let user: Awaited<ReturnType<ReturnType<typeof authProvider>["signIn"]>>;
  try {
    user = await authProvider().signIn(await cookies(), { email, password, ...client });
  } catch (error) {
    return { error: toErrorResult(error).error.message, email };
  }
  if (!user) return { error: "Wrong email or password.", email };
  redirect(safeNext(next));
}

export async function signOut() {
  const store = await cookies();
  await authProvider().signOut(store);
  store.delete(WORKSPACE_COOKIE);
  redirect("/login");
}

/** Ends every session of the signed-in person (other browsers, copied cookies), this one too. */
export async function signOutEverywhere(): Promise<Result<never>> {
  const store = await cookies();
  try {
    await authProvider().signOutEverywhere(store);
  } catch (error) {
    return toErrorResult(error);
  }
  store.delete(WORKSPACE_COOKIE);
  redirect("/login");
}
