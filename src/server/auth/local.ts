import "server-only";
import { NextResponse } from "next/server";
import { AppError } from "@/server/errors";
import { joinWithInvitation } from "@/server/workspaces/join-workspace";
import { signInWithPassword } from "./password-sign-in";
import type { AuthProvider } from "./provider";
import { issueSessionToken, SESSION_COOKIE, sessionCookieOptions, verifySessionToken } from "./session";

/**
 * Local mode: bcrypt accounts in auth.users and our own signed session
 * cookie. There is no mail server, so invitation links are passed on by
 * the admin and there is no password reset by email.
 */
export const localAuth: AuthProvider = {
  getClaims: (jar) => verifySessionToken(jar.get(SESSION_COOKIE)?.value),

  async proxySession(request) {
    const claims = await verifySessionToken(request.cookies.get(SESSION_COOKIE)?.value);
    return {
      claims,
      // The request goes on with the headers the proxy set on it (the CSP nonce Next.js renders with).
      next: () => NextResponse.next({ request }),
      carryTo(response) {
        if (request.cookies.has(SESSION_COOKIE)) response.cookies.delete(SESSION_COOKIE);
        return response;
      },
    };
  },

  async signIn(jar, credentials) {
    const user = await signInWithPassword(credentials);
    if (user) jar.set(SESSION_COOKIE, await issueSessionToken(user), sessionCookieOptions());
    return user;
  },

  async signOut(jar) {
    jar.delete(SESSION_COOKIE);
  },

  async joinWithInvitation(jar, token, proof, ip) {
    let joined: Awaited<ReturnType<typeof joinWithInvitation>>;
    if (proof.kind === "session") {
      const claims = await localAuth.getClaims(jar);
      if (!claims) throw new AppError("unauthenticated", "Please sign in again.");
      joined = await joinWithInvitation(token, { kind: "session", userId: claims.sub }, null);
    } else {
      joined = await joinWithInvitation(token, proof, ip);
    }
    jar.set(SESSION_COOKIE, await issueSessionToken(joined.user), sessionCookieOptions());
    return joined;
  },

  sendInvitation: async () => false,
  passwordReset: null,
  realtimeAccess: async () => null,
};
