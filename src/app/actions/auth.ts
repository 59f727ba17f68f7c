"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { sameOriginPath } from "@/lib/safe-redirect";
import { clientIp } from "@/server/auth/client-ip";
import { authProvider } from "@/server/auth/mode";
import { env } from "@/server/env";
import { toErrorResult } from "@/server/errors";
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

export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = credentials.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message };
  const { email, password, next } = parsed.data;
  const ip = await clientIp();
  let user: Awaited<ReturnType<ReturnType<typeof authProvider>["signIn"]>>;
  try {
    user = await authProvider().signIn(await cookies(), { email, password, ip });
  } catch (error) {
    return { error: toErrorResult(error).error.message, email };
  }
  if (!user) return { error: "Wrong email or password.", email };
  redirect(sameOriginPath(next, env().APP_URL));
}

export async function signOut() {
  const store = await cookies();
  await authProvider().signOut(store);
  store.delete(WORKSPACE_COOKIE);
  redirect("/login");
}
