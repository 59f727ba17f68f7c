import "server-only";
import type { UserClaims } from "@/server/db/claims";
import { db, type Tx } from "@/server/db/client";
import { UNIDENTIFIED_CLIENT } from "./client-address";
import { issueSessionToken, SESSION_TTL_SECONDS, verifySessionToken } from "./session";

/**
 * Server-side records of local-mode sessions (private.sessions). The cookie's
 * JWT names its row in `session_id` (GoTrue's claim); a session counts only
 * while its row is neither revoked nor expired, so signing out ends it for
 * every copy of the cookie.
 */

/**
 * How long this process believes its last answer about a session. The
 * proxy and the page of one request ask twice; a cache of a few seconds
 * makes the second free. Revocation is seen at once by the process that
 * revoked, and by the others within this bound.
 */
export const SESSION_CHECK_CACHE_MS = 3_000;
/** last_seen_at is written at most this often per session: a read per request, not a write. */
const LAST_SEEN_EVERY_MS = 5 * 60 * 1000;
const CACHE_MAX_ENTRIES = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Checked {
  userId: string;
  live: boolean;
  expiresAt: number;
  until: number;
}

// On globalThis: the proxy's bundle and the app's have their own module instances in one process.
const globalForSessions = globalThis as unknown as { conversaSessionChecks?: Map<string, Checked> };
globalForSessions.conversaSessionChecks ??= new Map();
const checks = globalForSessions.conversaSessionChecks;

function remember(id: string, entry: Checked) {
  if (checks.size >= CACHE_MAX_ENTRIES) checks.delete(checks.keys().next().value as string);
  checks.set(id, entry);
}

/** Records a new session for the user and returns its signed cookie value. Service role. */
export async function startSession(
  tx: Tx,
  user: { id: string; email: string },
  client: { ip?: string | null; userAgent?: string | null } = {},
  now = new Date(),
): Promise<string> {
  const expiresAt = new Date(now.getTime() + SESSION_TTL_SECONDS * 1000);
  const ip = client.ip === UNIDENTIFIED_CLIENT ? null : (client.ip ?? null);
  const [session] = await tx<{ id: string }[]>`
    insert into private.sessions (user_id, created_at, last_seen_at, expires_at, user_agent, ip)
    values (${user.id}, ${now}, ${now}, ${expiresAt}, ${client.userAgent ?? null}, ${ip})
    returning id`;
  if (!session) throw new Error("session insert returned no row");
  return issueSessionToken(user, now, session.id);
}

/** Ends one session (sign-out). Service role. */
export async function revokeSession(tx: Tx, sessionId: string, now = new Date()) {
  checks.delete(sessionId);
  await tx`update private.sessions set revoked_at = ${now} where id = ${sessionId} and revoked_at is null`;
}

/** Ends every session of the user ("sign out everywhere"), or every one but `except` (a password change). Service role. */
export async function revokeUserSessions(tx: Tx, userId: string, now = new Date(), except: string | null = null) {
  for (const [id, entry] of checks) if (entry.userId === userId && id !== except) checks.delete(id);
  await tx`update private.sessions set revoked_at = ${now}
           where user_id = ${userId} and revoked_at is null and id is distinct from ${except}::uuid`;
}

/**
 * Whether the claims' session is live: one primary-key read (as the
 * table's owner, outside any transaction), remembered for
 * SESSION_CHECK_CACHE_MS.
 */
export async function isSessionLive(claims: UserClaims, now = new Date()): Promise<boolean> {
  const id = claims.session_id;
  if (!id || !UUID.test(id)) return false;
  const at = now.getTime();
  const cached = checks.get(id);
  if (cached && cached.until > at) return cached.live && cached.userId === claims.sub && cached.expiresAt > at;

  const [row] = await db()<{ user_id: string; expires_at: Date; revoked_at: Date | null; last_seen_at: Date }[]>`
    select user_id, expires_at, revoked_at, last_seen_at from private.sessions where id = ${id}`;
  // A token whose id is not a session (minted before sessions were recorded, or made up) is refused like a revoked one.
  const entry: Checked = row
    ? { userId: row.user_id, live: row.revoked_at === null, expiresAt: row.expires_at.getTime(), until: at + SESSION_CHECK_CACHE_MS }
    : { userId: "", live: false, expiresAt: 0, until: at + SESSION_CHECK_CACHE_MS };
  remember(id, entry);
  const live = entry.live && entry.userId === claims.sub && entry.expiresAt > at;
  if (live && row && at - row.last_seen_at.getTime() > LAST_SEEN_EVERY_MS) {
    await db()`update private.sessions set last_seen_at = ${now} where id = ${id}`;
  }
  return live;
}

/** The claims of a session cookie whose signature, expiry and server-side record all hold; else null. */
export async function verifySession(token: string | undefined, now = new Date()): Promise<UserClaims | null> {
  const claims = await verifySessionToken(token, now);
  return claims && (await isSessionLive(claims, now)) ? claims : null;
}
