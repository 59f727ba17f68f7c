import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { UserClaims } from "@/server/db/claims";
import { authProvider } from "./mode";

/** The signed-in user's claims for this request, or null. */
export const getSessionClaims = cache(async (): Promise<UserClaims | null> => {
  // cookies() first: it makes the page dynamic, so the mode is never read while prerendering at build time.
  const store = await cookies();
  return authProvider().getClaims(store);
});

export async function requireSessionClaims(): Promise<UserClaims> {
  const claims = await getSessionClaims();
  if (!claims) redirect("/login");
  return claims;
}
