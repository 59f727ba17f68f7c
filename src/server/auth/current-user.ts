import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { UserClaims } from "./claims";
import { SESSION_COOKIE, verifySessionToken } from "./session";

/** The signed-in user's claims for this request, or null. */
export const getSessionClaims = cache(async (): Promise<UserClaims | null> => {
  const store = await cookies();
  return verifySessionToken(store.get(SESSION_COOKIE)?.value);
});

export async function requireSessionClaims(): Promise<UserClaims> {
  const claims = await getSessionClaims();
  if (!claims) redirect("/login");
  return claims;
}
