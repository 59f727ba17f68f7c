import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { authProvider } from "@/server/auth/mode";
import { issueSessionToken, SESSION_COOKIE } from "@/server/auth/session";
import { SESSION_CHECK_CACHE_MS, startSession, verifySession } from "@/server/auth/sessions";
import { asService } from "@/server/db/client";
import { cookieJar, type TestCookieJar } from "../support/cookie-jar";
import { createUser } from "../support/fixtures";

const PASSWORD = "correct-horse";

/** A browser signed in through the real sign-in (local mode). */
async function signedIn(email: string) {
  const jar = cookieJar();
  expect(await authProvider().signIn(jar, { email, password: PASSWORD, ip: null, userAgent: "Test/1.0" })).not.toBeNull();
  return jar;
}

/** What an attacker who copied the cookie has: the same cookie in another browser. */
function copyOf(jar: TestCookieJar) {
  const copy = cookieJar();
  copy.set(SESSION_COOKIE, jar.get(SESSION_COOKIE)?.value ?? "");
  return copy;
}

async function refusedByProxy(jar: TestCookieJar) {
  const response = await proxy(jar.request("/inbox"));
  return (
    response.headers.get("location")?.includes("/login") === true && response.headers.getSetCookie().join().includes(`${SESSION_COOKIE}=;`)
  );
}

describe("server-side sessions (local auth mode)", () => {
  it("a sign-in records the session; a copied cookie stops working once its owner signs out", async () => {
    const user = await createUser({ password: PASSWORD });
    const jar = await signedIn(user.email);
    const stolen = copyOf(jar);
    const claims = await authProvider().getClaims(stolen);
    expect(claims).toMatchObject({ sub: user.id });
    const [row] = await asService(
      (tx) => tx`select user_id, user_agent, revoked_at from private.sessions where id = ${claims?.session_id ?? ""}`,
    );
    expect(row).toMatchObject({ user_id: user.id, user_agent: "Test/1.0", revoked_at: null });
    expect((await proxy(stolen.request("/inbox"))).headers.get("x-middleware-next")).toBe("1");

    await authProvider().signOut(jar);
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    expect(await authProvider().getClaims(stolen)).toBeNull();
    expect(await refusedByProxy(stolen)).toBe(true);
  });

  it("sign out everywhere ends every session of the person, and only theirs", async () => {
    const user = await createUser({ password: PASSWORD });
    const other = await createUser({ password: PASSWORD });
    const laptop = await signedIn(user.email);
    const phone = await signedIn(user.email);
    const colleague = await signedIn(other.email);

    await authProvider().signOutEverywhere(laptop);
    expect(laptop.get(SESSION_COOKIE)).toBeUndefined();
    expect(await authProvider().getClaims(phone)).toBeNull();
    expect(await refusedByProxy(phone)).toBe(true);
    expect(await authProvider().getClaims(colleague)).toMatchObject({ sub: other.id });
    // Signing in again starts a new session.
    expect(await authProvider().getClaims(await signedIn(user.email))).toMatchObject({ sub: user.id });
  });

  it("a changed password ends the account's sessions", async () => {
    const user = await createUser({ password: PASSWORD });
    const jar = await signedIn(user.email);
    const hash = await bcrypt.hash("a-new-password", 4);
    await asService((tx) => tx`update auth.users set encrypted_password = ${hash} where id = ${user.id}`);
    // Another process changed it: this one sees it once its cached answer is older than the bound.
    const later = new Date(Date.now() + SESSION_CHECK_CACHE_MS + 1);
    expect(await verifySession(jar.get(SESSION_COOKIE)?.value, later)).toBeNull();
    expect(await authProvider().signIn(cookieJar(), { email: user.email, password: "a-new-password", ip: null })).toMatchObject({
      id: user.id,
    });
  });

  it("a revocation by another instance takes effect within the cache bound", async () => {
    const user = await createUser({ password: PASSWORD });
    const token = (await signedIn(user.email)).get(SESSION_COOKIE)?.value;
    const now = new Date();
    expect(await verifySession(token, now)).not.toBeNull();
    await asService((tx) => tx`update private.sessions set revoked_at = now() where user_id = ${user.id}`);
    expect(await verifySession(token, new Date(now.getTime() + SESSION_CHECK_CACHE_MS + 1))).toBeNull();
  });

  it("refuses expired sessions and tokens that name no session", async () => {
    const user = await createUser({ password: PASSWORD });
    const now = new Date();
    const token = await asService((tx) => startSession(tx, user, {}, now));
    const [{ id } = { id: "" }] = await asService(
      (tx) => tx<{ id: string }[]>`update private.sessions set expires_at = ${new Date(now.getTime() + 60_000)}
                                   where user_id = ${user.id} returning id`,
    );
    const past = new Date(now.getTime() + 61_000 + SESSION_CHECK_CACHE_MS);
    expect(await verifySession(token, past)).toBeNull();
    expect(id).not.toBe("");

    // Signed with the right secret, but the id is not a recorded session (a token minted before
    // sessions were recorded, or by someone holding the secret).
    expect(await verifySession(await issueSessionToken(user, now, crypto.randomUUID()))).toBeNull();
  });
});
