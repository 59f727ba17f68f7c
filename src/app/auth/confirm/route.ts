import { cookies } from "next/headers";
import { type NextRequest, NextResponse } from "next/server";
import { z } from "zod";
import { sameOriginPath } from "@/lib/safe-redirect";
import { authProvider } from "@/server/auth/mode";
import { env } from "@/server/env";

const link = z.object({
  token_hash: z.string().min(1),
  type: z.literal("recovery"),
  next: z.string().optional(),
});

/**
 * Where Supabase's password-reset email lands (its template points here
 * with the token hash, as Supabase's server-side guide does): the one-time
 * token becomes a session in this browser's cookies, then on to `next`.
 */
export async function GET(request: NextRequest) {
  const parsed = link.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  const flow = authProvider().passwordReset;
  const verified = flow && parsed.success && (await flow.verifyLink(await cookies(), parsed.data.token_hash));
  if (!verified || !parsed.success) {
    const login = new URL("/login", request.url);
    login.searchParams.set("error", "link");
    return NextResponse.redirect(login);
  }
  // Same-origin paths only, so the link cannot send anyone elsewhere.
  return NextResponse.redirect(new URL(sameOriginPath(parsed.data.next, env().APP_URL), request.url));
}
