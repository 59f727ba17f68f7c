import "server-only";
import { type CookieMethodsServer, createServerClient } from "@supabase/ssr";
import { type AuthError, createClient, type SupabaseClient } from "@supabase/supabase-js";
import { NextResponse } from "next/server";
import WebSocket from "ws";
import { type UserClaims, userClaims } from "@/server/db/claims";
import { asService } from "@/server/db/client";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { logger } from "@/server/log";
import { assertSignInAllowed, clearSignInFailures, recordSignInFailure } from "./password-sign-in";
import type { AuthProvider, CookieJar, ProxySession, SignInCredentials } from "./provider";
import { sessionCookieOptions } from "./session";
import { findUserByEmail } from "./users";

function settings() {
  const { NEXT_PUBLIC_SUPABASE_URL: url, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: key, SUPABASE_SECRET_KEY: secret } = env();
  // env() refuses a partial configuration; this only narrows the types.
  if (!url || !key || !secret) throw new Error("Supabase Auth is not configured");
  return { url, key, secret };
}

// Node 20 has no global WebSocket and supabase-js builds its Realtime client
// eagerly; auth never opens it, but the constructor needs a transport.
const realtime = { transport: WebSocket as unknown as typeof globalThis.WebSocket };

function serverClient(cookies: CookieMethodsServer) {
  const { url, key } = settings();
  // httpOnly: no browser code reads the session (there is no browser client), so scripts need not see it.
  const cookieOptions = { httpOnly: true, secure: sessionCookieOptions().secure };
  return createServerClient(url, key, { cookies, cookieOptions, realtime });
}

/** A client for one Server Action or route handler: the session lives in that request's cookies. */
function jarClient(jar: CookieJar) {
  return serverClient({
    getAll: () => jar.getAll(),
    setAll(cookies) {
      try {
        for (const { name, value, options } of cookies) jar.set(name, value, options);
      } catch {
        // Server Components cannot write cookies; the proxy has refreshed the session before they render.
      }
    },
  });
}

/** The admin API (secret key): no session, never in cookies. */
function adminAuth() {
  const { url, secret } = settings();
  return createClient(url, secret, { auth: { persistSession: false, autoRefreshToken: false }, realtime }).auth.admin;
}

/**
 * getClaims() verifies the access token against the project's JWKS
 * (refreshing it first when it has expired); the claims must still be a
 * signed-in user's (not anon, not service_role) to be used for asUser.
 */
async function verifiedClaims(client: SupabaseClient): Promise<UserClaims | null> {
  const { data, error } = await client.auth.getClaims();
  if (error || !data) return null;
  const parsed = userClaims.safeParse(data.claims);
  return parsed.success ? parsed.data : null;
}

/** Supabase's errors that a user can act on; anything else is ours to log. */
function userFacing(error: AuthError): AppError | AuthError {
  // GoTrue's own sentence names its password rules; it has no translation of ours.
  if (error.code === "weak_password") return new AppError("invalid", { text: error.message });
  if (error.code === "same_password") return new AppError("invalid", "errors.auth.passwordUsedBefore");
  if (error.status === 429) return new AppError("rate_limited", "errors.auth.tooManyAttempts");
  return error;
}

const isAuthCookie = (name: string) => /^sb-.+-auth-token(\.\d+)?$/.test(name);

async function signIn(jar: CookieJar, credentials: SignInCredentials) {
  const email = credentials.email.trim().toLowerCase();
  await asService((tx) => assertSignInAllowed(tx, email, credentials.ip));
  const { data, error } = await jarClient(jar).auth.signInWithPassword({ email, password: credentials.password });
  if (error?.code === "invalid_credentials") {
    await asService((tx) => recordSignInFailure(tx, email, credentials.ip));
    return null;
  }
  if (error) throw userFacing(error);
  await asService((tx) => clearSignInFailures(tx, email));
  return { id: data.user.id, email: data.user.email ?? email };
}

export const supabaseAuth: AuthProvider = {
  getClaims: (jar) => verifiedClaims(jarClient(jar)),

  /**
   * Supabase's Next.js proxy: refreshed tokens are written to the request
   * (so this render sees them) and to the response (so the browser keeps
   * them), with the no-store headers @supabase/ssr asks for.
   */
  async proxySession(request): Promise<ProxySession> {
    let response = NextResponse.next({ request });
    const client = serverClient({
      getAll: () => request.cookies.getAll(),
      setAll(cookies, headers) {
        for (const { name, value } of cookies) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of cookies) response.cookies.set(name, value, options);
        for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      },
    });
    const claims = await verifiedClaims(client);
    return {
      claims,
      next: () => response,
      carryTo(other) {
        for (const cookie of response.cookies.getAll()) other.cookies.set(cookie);
        response.headers.forEach((value, name) => {
          if (name === "cache-control" || name === "expires" || name === "pragma") other.headers.set(name, value);
        });
        // A refused session (forged, or its refresh token revoked) is cleared, as in local mode.
        if (!claims) {
          for (const { name } of request.cookies.getAll()) if (isAuthCookie(name) && !other.cookies.get(name)) other.cookies.delete(name);
        }
        return other;
      },
    };
  },

  signIn,

  async signOut(jar) {
    // Revokes this browser's session at Supabase too, then clears its cookies.
    await jarClient(jar).auth.signOut({ scope: "local" });
  },

  /**
   * GoTrue's global sign-out: every refresh token of the user is revoked.
   * Access tokens already handed out stay valid until they expire (the
   * project's JWT expiry, an hour by default): keep it short.
   */
  async signOutEverywhere(jar) {
    const { error } = await jarClient(jar).auth.signOut({ scope: "global" });
    if (error) throw userFacing(error);
  },

  /**
   * Inviting the address made GoTrue create the account without a
   * password; an address invited while Supabase could not mail has no
   * account yet.
   */
  async createAccount(tx, { email, fullName, password }) {
    const [account] = await findUserByEmail(tx, email);
    if (account?.has_password) throw new AppError("conflict", "errors.auth.accountExists");
    const attributes = { password, email_confirm: true, user_metadata: { full_name: fullName } };
    const admin = adminAuth();
    const { data, error } = account ? await admin.updateUserById(account.id, attributes) : await admin.createUser({ email, ...attributes });
    if (error) throw userFacing(error);
    return { id: data.user.id, email: data.user.email ?? email };
  },

  /**
   * Supabase mails the invitation; its link lands on our invitation page,
   * where the invitation row decides workspace and role. An address that
   * already has an account gets no mail from Supabase: the admin passes the
   * link on, as in local mode.
   */
  async sendInvitation({ email, token }) {
    const { error } = await adminAuth().inviteUserByEmail(email, { redirectTo: new URL(`/invite/${token}`, env().APP_URL).toString() });
    if (!error) return true;
    if (error.code !== "email_exists") logger.error({ err: error, status: error.status }, "Supabase could not send the invitation");
    return false;
  },

  /**
   * The session's access token, once getClaims() has verified it (and
   * refreshed it if needed). The cookies stay httpOnly; the browser gets
   * only this short-lived token, for its Realtime socket, and asks again
   * before it expires.
   */
  async realtimeAccess(jar) {
    const client = jarClient(jar);
    if (!(await verifiedClaims(client))) return null;
    const { data } = await client.auth.getSession();
    if (!data.session) return null;
    const { url, key } = settings();
    return { url, key, accessToken: data.session.access_token, expiresAt: data.session.expires_at ?? 0 };
  },

  passwordReset: {
    async request(jar, email) {
      const redirectTo = new URL("/auth/confirm?next=/reset-password", env().APP_URL).toString();
      const { error } = await jarClient(jar).auth.resetPasswordForEmail(email.trim().toLowerCase(), { redirectTo });
      if (error) throw userFacing(error);
    },

    async verifyLink(jar, tokenHash) {
      const { error } = await jarClient(jar).auth.verifyOtp({ type: "recovery", token_hash: tokenHash });
      return !error;
    },

    async setPassword(jar, password) {
      const client = jarClient(jar);
      const { error } = await client.auth.updateUser({ password });
      if (error) throw userFacing(error);
      // Whoever knew the old password is signed out everywhere else; this browser keeps its session.
      const { error: signOutError } = await client.auth.signOut({ scope: "others" });
      if (signOutError) throw userFacing(signOutError);
    },
  },

  async updateName(userId, fullName) {
    const { error } = await adminAuth().updateUserById(userId, { user_metadata: { full_name: fullName } });
    if (error) throw userFacing(error);
  },

  changePassword: null,
};
