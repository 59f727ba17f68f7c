import { SignJWT } from "jose";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { issueSessionToken, SESSION_COOKIE, SESSION_TTL_SECONDS, verifySessionToken } from "@/server/auth/session";
import { startSession } from "@/server/auth/sessions";
import { asService } from "@/server/db/client";
import { createUser } from "../support/fixtures";

const user = { id: "7b0f3a52-2d4c-4a8e-9b43-0d8f7c1b2a11", email: "ana@example.com" };
const sessionId = "0f6b1e0c-5d1a-4b8e-8f3c-2a9d7e6b5c41";

function request(path: string, token?: string) {
  const headers = new Headers();
  if (token) headers.set("cookie", `${SESSION_COOKIE}=${token}`);
  return new NextRequest(new URL(path, "http://localhost:3000"), { headers });
}

describe("session tokens", () => {
  it("carry GoTrue-shaped claims", async () => {
    const claims = await verifySessionToken(await issueSessionToken(user, new Date(), sessionId));
    expect(claims).toMatchObject({ sub: user.id, email: user.email, role: "authenticated", aud: "authenticated", session_id: sessionId });
  });

  it("are refused once expired", async () => {
    const issued = new Date("2026-01-01T00:00:00Z");
    const token = await issueSessionToken(user, issued, sessionId);
    expect(await verifySessionToken(token, new Date(issued.getTime() + 60_000))).not.toBeNull();
    expect(await verifySessionToken(token, new Date(issued.getTime() + (SESSION_TTL_SECONDS + 1) * 1000))).toBeNull();
  });

  it("are refused when forged, tampered with or unsigned", async () => {
    const forged = await new SignJWT({ email: user.email, role: "authenticated" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(user.id)
      .setAudience("authenticated")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another-secret-another-secret-another"));
    expect(await verifySessionToken(forged)).toBeNull();

    const [header, , signature] = (await issueSessionToken(user, new Date(), sessionId)).split(".");
    const payload = Buffer.from(
      JSON.stringify({ sub: user.id, email: "boss@example.com", role: "authenticated", aud: "authenticated", exp: 9e9 }),
    ).toString("base64url");
    expect(await verifySessionToken(`${header}.${payload}.${signature}`)).toBeNull();

    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${payload}.`;
    expect(await verifySessionToken(none)).toBeNull();
    expect(await verifySessionToken("garbage")).toBeNull();
    expect(await verifySessionToken(undefined)).toBeNull();
  });
});

describe("proxy", () => {
  it("sends a browser without a session to /login, remembering where it was going", async () => {
    const response = await proxy(request("/contacts?q=ana"));
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("next")).toBe("/contacts?q=ana");
  });

  it("refuses a forged session cookie and clears it", async () => {
    const response = await proxy(request("/inbox", "not-a-jwt"));
    expect(response.headers.get("location")).toContain("/login");
    expect(response.headers.get("set-cookie")).toContain(`${SESSION_COOKIE}=;`);
  });

  it("answers API calls without a session with 401 JSON", async () => {
    const response = await proxy(request("/api/events"));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "unauthenticated", message: "Sign in required." } });
  });

  it("lets a valid, recorded session through", async () => {
    const person = await createUser();
    const response = await proxy(request("/inbox", await asService((tx) => startSession(tx, person))));
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });
});
