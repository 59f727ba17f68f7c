import { type NextRequest, NextResponse } from "next/server";
import { SESSION_COOKIE, verifySessionToken } from "@/server/auth/session";

/**
 * Guards every app page: without a valid session the browser is sent to
 * /login (API routes get a 401). The pages and actions check again on the
 * server; this is the first line, not the only one.
 */
export async function proxy(request: NextRequest) {
  const claims = await verifySessionToken(request.cookies.get(SESSION_COOKIE)?.value);
  if (claims) return NextResponse.next();
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: "unauthenticated", message: "Sign in required." } }, { status: 401 });
  }
  const login = new URL("/login", request.url);
  const wanted = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  if (wanted !== "/") login.searchParams.set("next", wanted);
  const response = NextResponse.redirect(login);
  if (request.cookies.has(SESSION_COOKIE)) response.cookies.delete(SESSION_COOKIE);
  return response;
}

export const config = {
  // Public: sign-in, invitation links, provider webhooks, health, Next's assets. /api/v1 authenticates its own API keys.
  matcher: ["/((?!login|invite/|api/webhooks|api/health|api/v1/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
