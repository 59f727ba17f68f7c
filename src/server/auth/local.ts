import "server-only";
import { NextResponse } from "next/server";
import { asService } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { signInWithPassword } from "./password-sign-in";
import { changeLocalPassword, setLocalDisplayName } from "./profile";
import type { AuthProvider, CookieJar, SignedInUser } from "./provider";
import { SESSION_COOKIE, sessionCookieOptions, verifySessionToken } from "./session";
import { revokeSession, revokeUserSessions, startSession, verifySession } from "./sessions";
import { createPasswordUser, findUserByEmail } from "./users";

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
    if (!claims) throw new AppError("unauthenticated", "errors.common.signInAgain");
    await asService((tx) => revokeUserSessions(tx, claims.sub));
    jar.delete(SESSION_COOKIE);
  },

  async createAccount(tx, account) {
    const [existing] = await findUserByEmail(tx, account.email);
    if (existing) throw new AppError("conflict", "errors.auth.accountExists");
    return createPasswordUser(tx, account);
  },

  sendInvitation: async () => false,
  passwordReset: null,
  updateName: setLocalDisplayName,
  changePassword: (change) => changeLocalPassword(change),
  realtimeAccess: async () => null,
};
