import { type NextRequest, NextResponse } from "next/server";
import { sameOriginPath } from "@/lib/safe-redirect";
import { authProvider } from "@/server/auth/mode";
import { env } from "@/server/env";
import { bodyRefusal, isCrossSiteWrite } from "@/server/http/request-guards";
import { newNonce, securityHeaders } from "@/server/http/security-headers";

// Pages anyone may open: sign-in, password reset, invitation links.
const PUBLIC = /^\/(login|forgot-password|auth\/|invite\/)/;

const refusal = (status: number, code: string, message: string) => NextResponse.json({ error: { code, message } }, { status });

/**
 * Runs before every page and app route: refuses cross-site writes and
 * oversized anonymous bodies, gives the page its CSP nonce and security
 * headers, and guards the app (without a valid session the browser is sent
 * to /login, API routes get a 401). Pages and actions check the session
 * again; this is the first line, not the only one. In Supabase mode this is
 * also where an expired access token is refreshed.
 */
export async function proxy(request: NextRequest) {
  const headers = securityHeaders({
    nonce: newNonce(),
    appUrl: env().APP_URL,
    supabaseUrl: env().NEXT_PUBLIC_SUPABASE_URL,
    development: env().NODE_ENV === "development",
  });
  // API answers are not pages: no page CSP (the media route sets its own sandbox policy), the rest applies.
  const page = !request.nextUrl.pathname.startsWith("/api/");
  const respond = (response: NextResponse) => {
    for (const [name, value] of Object.entries(headers)) {
      if (page || name !== "content-security-policy") response.headers.set(name, value);
    }
    return response;
  };
  if (isCrossSiteWrite(request.method, request.headers)) {
    return respond(refusal(403, "forbidden", "Cross-site requests are not allowed."));
  }
  // Next.js reads the nonce from the request's CSP header and puts it on the scripts it renders.
  request.headers.set("content-security-policy", headers["content-security-policy"] ?? "");

  const session = await authProvider().proxySession(request);
  const tooLarge = bodyRefusal(request.method, request.headers, session.claims !== null);
  if (tooLarge)
    return respond(refusal(tooLarge, "invalid", tooLarge === 413 ? "The request body is too large." : "Content-Length required."));
  if (session.claims || PUBLIC.test(request.nextUrl.pathname)) return respond(session.next());
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return respond(refusal(401, "unauthenticated", "Sign in required."));
  }
  const login = new URL("/login", request.url);
  const wanted = sameOriginPath(`${request.nextUrl.pathname}${request.nextUrl.search}`, env().APP_URL, "/");
  if (wanted !== "/") login.searchParams.set("next", wanted);
  return respond(session.carryTo(NextResponse.redirect(login)));
}

export const config = {
  // Not here: provider webhooks, health, /api/v1 and the compatibility contract's aliases of it (which
  // authenticate themselves and cap their own bodies; the proxy would buffer their bodies), and Next's static assets.
  matcher: [
    "/((?!api/webhooks|api/webhook/|api/health|api/v1/|api/contacts/by-phone|api/conversations|api/messages/send|_next/static|_next/image|favicon.ico|icon.svg).*)",
  ],
};
