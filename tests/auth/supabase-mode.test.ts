import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INBOX_PRESETS } from "@/lib/conversation-filter";
import { proxy } from "@/proxy";
import { authProvider } from "@/server/auth/mode";
import type { UserClaims } from "@/server/db/claims";
import { asService, asUser } from "@/server/db/client";
import { listConversations } from "@/server/inbox/queries";
import { resolveWorkspaceContext } from "@/server/workspaces/context";
import { createInvitation } from "@/server/workspaces/invitations";
import { joinWithInvitation, previewInvitationLink } from "@/server/workspaces/join-workspace";
import { updateWorkspace } from "@/server/workspaces/queries";
import { cookieJar, type TestCookieJar } from "../support/cookie-jar";
import { type FakeGoTrue, startFakeGoTrue } from "../support/fake-gotrue";
import { createConversation, createTeam, createUser, unique } from "../support/fixtures";

const PUBLISHABLE_KEY = "sb_publishable_test_0123456789";
const SECRET_KEY = "sb_secret_test_0123456789";
const PASSWORD = "correct-horse";
// supabase-js names the cookie after the first label of the project's host (127.0.0.1 → "127").
const AUTH_COOKIE = "sb-127-auth-token";

let gotrue: FakeGoTrue;

beforeAll(async () => {
  gotrue = await startFakeGoTrue({ databaseUrl: String(process.env.DATABASE_URL), publishableKey: PUBLISHABLE_KEY, secretKey: SECRET_KEY });
  // Read once by env(): this file's server code runs in Supabase mode.
  process.env.NEXT_PUBLIC_SUPABASE_URL = gotrue.url;
  process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY = PUBLISHABLE_KEY;
  process.env.SUPABASE_SECRET_KEY = SECRET_KEY;
  process.env.APP_URL = "http://localhost:3000";
});

afterAll(async () => {
  await gotrue?.stop();
});

async function signedIn(email: string, password = PASSWORD) {
  const jar = cookieJar();
  const user = await authProvider().signIn(jar, { email, password, ip: null });
  return { jar, user };
}

/** The session @supabase/ssr keeps in its cookie ("base64-" + base64url JSON). */
function sessionIn(jar: TestCookieJar): { access_token: string; refresh_token: string; expires_at: number } {
  const raw = jar.get(AUTH_COOKIE)?.value ?? "";
  return JSON.parse(Buffer.from(raw.replace(/^base64-/, ""), "base64url").toString("utf8"));
}

function withAccessToken(jar: TestCookieJar, accessToken: string) {
  const forged = cookieJar();
  const session = { ...sessionIn(jar), access_token: accessToken };
  forged.set(AUTH_COOKIE, `base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`);
  return forged;
}

/** The browser's cookies with the access token marked expired: the next check must refresh, which GoTrue refuses once revoked. */
function expiredCopy(jar: TestCookieJar) {
  const copy = cookieJar();
  copy.set(AUTH_COOKIE, `base64-${Buffer.from(JSON.stringify({ ...sessionIn(jar), expires_at: 1 })).toString("base64url")}`);
  return copy;
}

const tokenCalls = (grant: string) => gotrue.requests.filter((r) => r.path === `/auth/v1/token?grant_type=${grant}`).length;

describe("Supabase Auth mode", () => {
  it("signs in through GoTrue's password grant, keeps the session in cookies and yields verified claims for asUser", async () => {
    const user = await createUser({ password: PASSWORD });
    const { jar, user: signedInUser } = await signedIn(user.email.toUpperCase());
    expect(signedInUser).toEqual({ id: user.id, email: user.email });
    expect(sessionIn(jar).access_token.split(".")).toHaveLength(3);

    const calls = (path: string) => gotrue.requests.filter((r) => r.path === path).length;
    const claims = await authProvider().getClaims(jar);
    expect(claims).toMatchObject({ sub: user.id, email: user.email, role: "authenticated", aud: "authenticated" });
    // Verified locally against the JWKS (fetched once, then cached), not by asking GoTrue for the user.
    expect(await authProvider().getClaims(jar)).toEqual(claims);
    expect(calls("/auth/v1/.well-known/jwks.json")).toBe(1);
    expect(calls("/auth/v1/user")).toBe(0);

    const [row] = await asUser(claims as UserClaims, (tx) => tx<{ uid: string }[]>`select auth.uid()::text as uid`);
    expect(row?.uid).toBe(user.id);
  });

  it("refuses a wrong password without cookies, counting it toward the sign-in limit", async () => {
    const user = await createUser({ password: PASSWORD });
    const { jar, user: result } = await signedIn(user.email, "wrong-password");
    expect(result).toBeNull();
    expect(jar.getAll()).toEqual([]);
    const [failures] = await asService(
      (tx) => tx<{ count: number }[]>`select count(*)::int as count from private.login_attempts where email = ${user.email}`,
    );
    expect(failures?.count).toBe(1);
  });

  it("the proxy lets a valid session through and sends a browser without one to /login", async () => {
    const user = await createUser({ password: PASSWORD });
    const { jar } = await signedIn(user.email);
    const through = await proxy(jar.request("/inbox"));
    expect(through.headers.get("x-middleware-next")).toBe("1");
    expect(through.headers.get("location")).toBeNull();

    const anonymous = await proxy(cookieJar().request("/contacts?q=ana"));
    const location = new URL(anonymous.headers.get("location") ?? "");
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("next")).toBe("/contacts?q=ana");
    expect((await proxy(cookieJar().request("/api/realtime"))).status).toBe(401);
  });

  it("the proxy refreshes an expired access token and writes the new cookies on the same response, uncached", async () => {
    const user = await createUser({ password: PASSWORD });
    gotrue.setAccessTokenTtl(-60);
    const { jar } = await signedIn(user.email);
    gotrue.setAccessTokenTtl(3600);
    const expired = sessionIn(jar);
    expect(expired.expires_at).toBeLessThan(Date.now() / 1000);

    const refreshes = tokenCalls("refresh_token");
    const response = await proxy(jar.request("/inbox"));
    expect(tokenCalls("refresh_token")).toBe(refreshes + 1);
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(response.headers.get("cache-control")).toMatch(/no-store/);
    expect(response.headers.getSetCookie().find((c) => c.startsWith(`${AUTH_COOKIE}=`))).toMatch(/HttpOnly/i);
    // The page rendered behind the proxy sees the refreshed cookie too.
    expect(response.headers.get("x-middleware-request-cookie")).toContain(AUTH_COOKIE);

    jar.absorb(response);
    const refreshed = sessionIn(jar);
    expect(refreshed.access_token).not.toBe(expired.access_token);
    expect(refreshed.refresh_token).not.toBe(expired.refresh_token);
    expect(refreshed.expires_at).toBeGreaterThan(Date.now() / 1000 + 3000);
    expect(await authProvider().getClaims(jar)).toMatchObject({ sub: user.id });

    // The refresh token was rotated: once GoTrue's reuse interval is over, the old one cannot be replayed.
    gotrue.setRefreshTokenReuseInterval(0);
    const replay = cookieJar();
    replay.set(AUTH_COOKIE, `base64-${Buffer.from(JSON.stringify(expired)).toString("base64url")}`);
    expect((await proxy(replay.request("/inbox"))).headers.get("location")).toContain("/login");
    gotrue.setRefreshTokenReuseInterval(10);
  });

  it("hands the browser the verified session's access token for Realtime, and nothing to a forged session", async () => {
    const user = await createUser({ password: PASSWORD });
    const { jar } = await signedIn(user.email);
    const access = await authProvider().realtimeAccess(jar);
    expect(access).toEqual({
      url: process.env.NEXT_PUBLIC_SUPABASE_URL,
      key: process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
      accessToken: sessionIn(jar).access_token,
      expiresAt: sessionIn(jar).expires_at,
    });
    const forged = withAccessToken(jar, await gotrue.forgeAccessToken({ sub: user.id, email: user.email }));
    expect(await authProvider().realtimeAccess(forged)).toBeNull();
  });

  it("refuses forged and tampered tokens, in the proxy and on the server, and clears the cookie", async () => {
    const victim = await createUser({ password: PASSWORD });
    const attacker = await createUser({ password: PASSWORD });
    const { jar } = await signedIn(attacker.email);

    const wrongKey = withAccessToken(jar, await gotrue.forgeAccessToken({ sub: victim.id, email: victim.email }));
    const [header, payload, signature] = sessionIn(jar).access_token.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
    const tamperedPayload = Buffer.from(JSON.stringify({ ...claims, sub: victim.id, email: victim.email })).toString("base64url");
    const tampered = withAccessToken(jar, `${header}.${tamperedPayload}.${signature}`);
    // A symmetric token without a key id makes supabase-js ask GoTrue, which refuses it.
    const hs256 = withAccessToken(
      jar,
      await new SignJWT({ ...claims, sub: victim.id })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .sign(new TextEncoder().encode("super-secret-jwt-token-with-at-least-32-characters")),
    );

    for (const forged of [wrongKey, tampered, hs256]) {
      expect(await authProvider().getClaims(forged)).toBeNull();
      const response = await proxy(forged.request("/inbox"));
      expect(response.headers.get("location")).toContain("/login");
      expect(response.headers.getSetCookie().join("\n")).toMatch(new RegExp(`${AUTH_COOKIE}=;`));
    }
    expect(await authProvider().getClaims(jar)).toMatchObject({ sub: attacker.id });
  });

  it("a member of workspace A gets A, never B, and B's data and settings stay out of reach", async () => {
    const a = await createTeam();
    const b = await createTeam();
    await createConversation(b.workspaceId);
    const { jar } = await signedIn(a.admin.email);
    const claims = (await authProvider().getClaims(jar)) as UserClaims;

    // Pages and actions resolve their workspace like this: a cookie naming B falls back to A.
    const context = await resolveWorkspaceContext(claims, b.workspaceId);
    expect(context?.workspace.id).toBe(a.workspaceId);
    expect(context?.workspaces.map((w) => w.id)).toEqual([a.workspaceId]);

    const page = await asUser(claims, (tx) =>
      listConversations(tx, b.workspaceId, { userId: claims.sub, filter: INBOX_PRESETS.all, limit: 50 }),
    );
    expect(page.items).toEqual([]);
    await expect(
      asUser(claims, (tx) =>
        updateWorkspace(tx, b.workspaceId, { name: "Taken over", defaultCountry: "ID", timeZone: "UTC", defaultLocale: "en" }),
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(asUser(claims, (tx) => createInvitation(tx, b.workspaceId, { email: "x@example.com", role: "owner" }))).rejects.toThrow();
    const [nameOfB] = await asService((tx) => tx<{ name: string }[]>`select name from public.workspaces where id = ${b.workspaceId}`);
    expect(nameOfB?.name).not.toBe("Taken over");
  });

  it("signs out: the session is revoked at GoTrue and its cookies are cleared", async () => {
    const user = await createUser({ password: PASSWORD });
    const { jar } = await signedIn(user.email);
    const copy = withAccessToken(jar, sessionIn(jar).access_token);

    await authProvider().signOut(jar);
    expect(gotrue.requests.at(-1)?.path).toBe("/auth/v1/logout?scope=local");
    expect(jar.get(AUTH_COOKIE)).toBeUndefined();
    // A copy of the old cookies cannot refresh into a session once its access token expires
    // (until then the token verifies on its own, as on Supabase: keep its lifetime short).
    const stolen = cookieJar();
    stolen.set(AUTH_COOKIE, `base64-${Buffer.from(JSON.stringify({ ...sessionIn(copy), expires_at: 1 })).toString("base64url")}`);
    expect(await authProvider().getClaims(stolen)).toBeNull();
    expect(gotrue.requests.at(-1)?.path).toBe("/auth/v1/token?grant_type=refresh_token");
  });

  it("sign out everywhere revokes every refresh token of the person at GoTrue", async () => {
    const user = await createUser({ password: PASSWORD });
    const { jar: laptop } = await signedIn(user.email);
    const { jar: phone } = await signedIn(user.email);
    await authProvider().signOutEverywhere(laptop);
    expect(gotrue.requests.at(-1)?.path).toBe("/auth/v1/logout?scope=global");
    expect(laptop.get(AUTH_COOKIE)).toBeUndefined();
    // The phone's access token lives until it expires (keep the project's JWT expiry short); then it cannot refresh.
    expect(await authProvider().getClaims(expiredCopy(phone))).toBeNull();
  });

  it("a new password set through the reset link signs out the person's other browsers, not this one", async () => {
    const user = await createUser({ password: PASSWORD });
    const { jar: elsewhere } = await signedIn(user.email);
    const { jar: here } = await signedIn(user.email);
    await authProvider().passwordReset?.setPassword(here, "a-brand-new-password");
    expect(gotrue.requests.at(-1)?.path).toBe("/auth/v1/logout?scope=others");
    expect(await authProvider().getClaims(expiredCopy(elsewhere))).toBeNull();
    expect(await authProvider().getClaims(expiredCopy(here))).toMatchObject({ sub: user.id });
  });

  it("changes a display name through GoTrue's admin API, and offers no in-app password change", async () => {
    const user = await createUser({ password: PASSWORD });
    await authProvider().updateName(user.id, "Dewi Lestari");
    expect(gotrue.requests.at(-1)).toEqual({ method: "PUT", path: `/auth/v1/admin/users/${user.id}` });
    const [row] = await asService(
      (tx) => tx<{ name: string }[]>`select raw_user_meta_data ->> 'full_name' as name from auth.users where id = ${user.id}`,
    );
    expect(row?.name).toBe("Dewi Lestari");
    expect(authProvider().changePassword).toBeNull();
  });

  it("resets a password through the emailed link: recover, verify the token hash, set the new password", async () => {
    const user = await createUser({ password: PASSWORD });
    const flow = authProvider().passwordReset;
    if (!flow) throw new Error("Supabase mode offers password reset");
    await flow.request(cookieJar(), `  ${user.email.toUpperCase()} `);
    await flow.request(cookieJar(), `${unique("nobody")}@example.com`);
    const mail = gotrue.emails.filter((e) => e.to === user.email);
    expect(mail).toHaveLength(1);
    const link = new URL(mail[0]?.link ?? "");
    expect(`${link.origin}${link.pathname}`).toBe("http://localhost:3000/auth/confirm");
    expect(link.searchParams.get("next")).toBe("/reset-password");
    expect(link.searchParams.get("type")).toBe("recovery");

    const browser = cookieJar();
    expect(await flow.verifyLink(browser, "not-the-token")).toBe(false);
    expect(await flow.verifyLink(browser, link.searchParams.get("token_hash") ?? "")).toBe(true);
    expect(await authProvider().getClaims(browser)).toMatchObject({ sub: user.id });
    // The link works once.
    expect(await flow.verifyLink(cookieJar(), link.searchParams.get("token_hash") ?? "")).toBe(false);

    await expect(flow.setPassword(browser, PASSWORD)).rejects.toMatchObject({ code: "invalid" });
    await flow.setPassword(browser, "a-brand-new-password");
    expect((await signedIn(user.email, PASSWORD)).user).toBeNull();
    expect((await signedIn(user.email, "a-brand-new-password")).user).toMatchObject({ id: user.id });
  });

  it("an invitation is mailed by GoTrue's admin API and the invitee lands in the right workspace with the right role", async () => {
    const team = await createTeam();
    const email = `${unique("invitee")}@example.com`;
    const invitation = await asUser(team.admin.claims, (tx) => createInvitation(tx, team.workspaceId, { email, role: "admin" }));
    expect(await authProvider().sendInvitation(invitation)).toBe(true);
    const invite = gotrue.requests.find((r) => r.path.startsWith("/auth/v1/invite?"));
    expect(invite).toBeDefined();

    // GoTrue created the account without a password: the invitation page asks for one.
    expect(await previewInvitationLink(invitation.token)).toMatchObject({ email, accountExists: false, status: "pending" });
    const mail = gotrue.emails.find((e) => e.to === email && e.type === "invite");
    const landing = new URL(new URL(mail?.link ?? "").searchParams.get("redirect_to") ?? "");
    expect(landing.pathname).toBe(`/invite/${invitation.token}`);

    const browser = cookieJar();
    await expect(joinWithInvitation(browser, invitation.token, { kind: "password", password: "guess-guess" }, null)).rejects.toMatchObject({
      code: "unauthenticated",
    });
    const joined = await joinWithInvitation(
      browser,
      invitation.token,
      { kind: "new", fullName: "Rina Wulan", password: "rina-password" },
      null,
    );
    expect(joined.workspaceId).toBe(team.workspaceId);
    const claims = (await authProvider().getClaims(browser)) as UserClaims;
    expect(claims.email).toBe(email);
    const [member] = await asService(
      (tx) => tx<{ role: string; full_name: string }[]>`
        select m.role, u.raw_user_meta_data ->> 'full_name' as full_name
        from public.workspace_members m join auth.users u on u.id = m.user_id
        where m.workspace_id = ${team.workspaceId} and m.user_id = ${claims.sub}`,
    );
    expect(member).toEqual({ role: "admin", full_name: "Rina Wulan" });
    expect((await resolveWorkspaceContext(claims, undefined))?.workspace.id).toBe(team.workspaceId);

    // Used once; and the account now has a password, so a second "new" cannot take it over.
    await expect(
      joinWithInvitation(cookieJar(), invitation.token, { kind: "new", fullName: "X", password: "another-password" }, null),
    ).rejects.toMatchObject({ code: "conflict" });
    expect((await signedIn(email, "rina-password")).user).toMatchObject({ id: claims.sub });
  });

  it("an address that already has an account gets no mail from GoTrue and joins with its password", async () => {
    const team = await createTeam();
    const existing = await createUser({ password: PASSWORD });
    const invitation = await asUser(team.owner.claims, (tx) =>
      createInvitation(tx, team.workspaceId, { email: existing.email, role: "agent" }),
    );
    expect(await authProvider().sendInvitation(invitation)).toBe(false);
    expect(await previewInvitationLink(invitation.token)).toMatchObject({ accountExists: true });

    const browser = cookieJar();
    await joinWithInvitation(browser, invitation.token, { kind: "password", password: PASSWORD }, null);
    const [member] = await asService(
      (tx) => tx<{ role: string }[]>`
        select role from public.workspace_members where workspace_id = ${team.workspaceId} and user_id = ${existing.id}`,
    );
    expect(member?.role).toBe("agent");
    expect(await authProvider().getClaims(browser)).toMatchObject({ sub: existing.id });
  });
});
