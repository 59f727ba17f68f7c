import "server-only";
import { NextResponse } from "next/server";
import { asService } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { joinWithInvitation } from "@/server/workspaces/join-workspace";
import { signInWithPassword } from "./password-sign-in";
import type { AuthProvider, CookieJar, SignedInUser } from "./provider";
import { SESSION_COOKIE, sessionCookieOptions, verifySessionToken } from "./session";
import { revokeSession, revokeUserSessions, startSession, verifySession } from "./sessions";

async function setSession(jar: CookieJar, user: SignedInUser, client: { ip?: string | null; userAgent?: string | null }) {
  jar.set(SESSION_COOKIE, await asService((tx) => startSession(tx, user, client)), sessionCookieOptions());
}

/**
 * Local mode: bcrypt accounts in auth.users and our own signed session
 * cookie. There is no mail server, so invitation links are passed on by
 * the admin and there is no password reset by email. Each session is a row
 * of private.sessions (sessions.ts), checked by the proxy and the server.
 */
export const localAuth: AuthProvider = {
  getClaims: (jar) => verifySession(jar.get(SESSION_COOKIE)?.value),

  async proxySession(request) {
    const claims = await verifySession(request.cookies.get(SESSION_COOKIE)?.value);
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
    if (user) await setSession(jar, user, credentials);
    return user;
  },

  async signOut(jar) {
    // The signature is enough here: an expired or already revoked session has nothing left to end.
    const sessionId = (await verifySessionToken(jar.get(SESSION_COOKIE)?.value))?.session_id;
    if (sessionId) await asService((tx) => revokeSession(tx, sessionId));
    jar.delete(SESSION_COOKIE);
  },

  async signOutEverywhere(jar) {
    const claims = await verifySession(jar.get(SESSION_COOKIE)?.value);
    if (!claims) throw new AppError("unauthenticated", "Please sign in again.");
    await asService((tx) => revokeUserSessions(tx, claims.sub));
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
    await setSession(jar, joined.user, { ip });
    return joined;
  },

  sendInvitation: async () => false,
  passwordReset: null,
  realtimeAccess: async () => null,
};
