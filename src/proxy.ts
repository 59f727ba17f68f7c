import { type NextRequest, NextResponse } from "next/server";
import { authProvider } from "@/server/auth/mode";

/**
 * Guards every app page: without a valid session the browser is sent to
 * /login (API routes get a 401). The pages and actions check again on the
 * server; this is the first line, not the only one. In Supabase mode this is
 * also where an expired access token is refreshed.
 */
export async function proxy(request: NextRequest) {
  const session = await authProvider().proxySession(request);
  if (session.claims) return session.next();
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: "unauthenticated", message: "Sign in required." } }, { status: 401 });
  }
  const login = new URL("/login", request.url);
  const wanted = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  if (wanted !== "/") login.searchParams.set("next", wanted);
  return session.carryTo(NextResponse.redirect(login));
}

export const config = {
  // Public: sign-in, password reset, invitation links, provider webhooks, health, Next's assets. /api/v1 authenticates its own API keys.
  matcher: ["/((?!login|forgot-password|auth/|invite/|api/webhooks|api/health|api/v1/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
