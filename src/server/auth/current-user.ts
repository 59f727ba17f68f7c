import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { UserClaims } from "./claims";
import { authProvider } from "./mode";

/** The signed-in user's claims for this request, or null. */
export const getSessionClaims = cache(async (): Promise<UserClaims | null> => authProvider().getClaims(await cookies()));

export async function requireSessionClaims(): Promise<UserClaims> {
  const claims = await getSessionClaims();
  if (!claims) redirect("/login");
  return claims;
}
