import "server-only";
import type { ResponseCookie } from "next/dist/compiled/@edge-runtime/cookies";
import type { NextRequest, NextResponse } from "next/server";
import type { UserClaims } from "@/server/db/claims";
import type { Tx } from "@/server/db/client";

/** The cookies of one request: `await cookies()` in Server Actions and route handlers. */
export interface CookieJar {
  get(name: string): { value: string } | undefined;
  getAll(): { name: string; value: string }[];
  set(name: string, value: string, options?: Partial<ResponseCookie>): unknown;
  delete(name: string): unknown;
}

/** What a browser signs in with; ip and userAgent come from clientInfo() (userAgent is only recorded). */
export interface SignInCredentials {
  email: string;
  password: string;
  ip: string | null;
  userAgent?: string | null;
}

export interface SignedInUser {
  id: string;
  email: string;
}

/** A new person's account: the address was verified by the caller (an invitation link mailed to it). */
export interface NewAccount {
  email: string;
  fullName: string;
  password: string;
}

/** What the proxy learnt about a request's session. */
export interface ProxySession {
  claims: UserClaims | null;
  /** The response that lets the request through, carrying any refreshed session cookies. */
  next(): NextResponse;
  /** Hands the session's cookie changes (refreshed or cleared) to another response, such as a redirect. */
  carryTo(response: NextResponse): NextResponse;
}

/** Password reset by email; only where the mode can send mail. */
export interface PasswordChange {
  userId: string;
  currentPassword: string;
  newPassword: string;
  ip: string | null;
  /** The session making the change, which stays signed in. */
  keepSessionId: string | undefined;
}

export interface PasswordReset {
  /** Mails a reset link; says nothing about whether the address has an account. */
  request(jar: CookieJar, email: string): Promise<void>;
  /** The reset link's one-time token becomes a session in these cookies; false when it is expired or used. */
  verifyLink(jar: CookieJar, tokenHash: string): Promise<boolean>;
  /** Sets a new password for the signed-in user. */
  setPassword(jar: CookieJar, password: string): Promise<void>;
}

/** What a browser needs to subscribe to Supabase Realtime as the signed-in user. */
export interface RealtimeAccess {
  url: string;
  /** The project's publishable key. */
  key: string;
  /** The user's current access token (short-lived); Realtime checks the channel's RLS policy with it. */
  accessToken: string;
  /** Unix seconds: ask again before this. */
  expiresAt: number;
}

/**
 * The one auth interface: local accounts (default) or Supabase Auth. Both
 * yield GoTrue-shaped claims that go to the same asUser path; nothing above
 * this interface knows which mode is on.
 */
export interface AuthProvider {
  /** The verified claims of the session these cookies carry, or null. */
  getClaims(jar: CookieJar): Promise<UserClaims | null>;
  /** The proxy's check of a request; may refresh the session. */
  proxySession(request: NextRequest): Promise<ProxySession>;
  /** Checks the credentials and, when they are right, writes the session cookies. Rate-limited. */
  signIn(jar: CookieJar, credentials: SignInCredentials): Promise<SignedInUser | null>;
  /** Ends this browser's session (every copy of its cookie) and clears the cookies. */
  signOut(jar: CookieJar): Promise<void>;
  /** Ends every session of the signed-in user, this one included, and clears the cookies. */
  signOutEverywhere(jar: CookieJar): Promise<void>;
  /**
   * Creates the account with the password its owner chose; refuses an
   * address whose account already has a password. Local mode inserts it in
   * `tx`, so it commits with the caller's work (the membership it was
   * invited to); Supabase has GoTrue's admin API create it, or give its
   * first password to the account GoTrue made when it mailed the invitation.
   */
  createAccount(tx: Tx, account: NewAccount): Promise<SignedInUser>;
  /** Mails the invitation link where the mode can send mail; false when the admin passes the link on. */
  sendInvitation(invitation: { email: string; token: string }): Promise<boolean>;
  passwordReset: PasswordReset | null;
  /** Sets the signed-in user's display name (user metadata `full_name`, where both modes keep it). */
  updateName(userId: string, fullName: string): Promise<void>;
  /**
   * Local mode: a new password, given the current one (rate-limited like
   * sign-in); the user's other sessions end. Null in Supabase mode, where
   * the password is changed through Supabase's reset link.
   */
  changePassword: ((change: PasswordChange) => Promise<void>) | null;
  /** Supabase Realtime for this session's browser, or null: live updates come over SSE from this server. */
  realtimeAccess(jar: CookieJar): Promise<RealtimeAccess | null>;
}
