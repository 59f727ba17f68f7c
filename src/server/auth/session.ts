import "server-only";
import { jwtVerify, SignJWT } from "jose";
import { type UserClaims, userClaims } from "@/server/db/claims";
import { env } from "@/server/env";

export const SESSION_COOKIE = "conversa_session";
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

const imported = new Map<string, Promise<CryptoKey>>();

/** The HMAC key, imported once per secret: jose imports raw bytes again on every call (a CPU cost on every request). */
function secretKey(): Promise<CryptoKey> {
  const secret = env().AUTH_SECRET;
  let key = imported.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    imported.set(secret, key);
  }
  return key;
}

/**
 * A signed session token (HS256) carrying GoTrue-shaped claims; session_id
 * names its server-side record (startSession in sessions.ts makes both).
 */
export async function issueSessionToken(user: { id: string; email: string }, now: Date, sessionId: string): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ email: user.email, role: "authenticated", session_id: sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setAudience("authenticated")
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SESSION_TTL_SECONDS)
    .sign(await secretKey());
}

/** The token's claims, or null when it is missing, forged, expired or malformed. Says nothing about revocation: see verifySession. */
export async function verifySessionToken(token: string | undefined, now = new Date()): Promise<UserClaims | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, await secretKey(), {
      algorithms: ["HS256"],
      audience: "authenticated",
      currentDate: now,
    });
    const parsed = userClaims.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function sessionCookieOptions() {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: env().NODE_ENV === "production" && env().APP_URL.startsWith("https:"),
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  };
}
