import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { SESSION_COOKIE } from "@/server/auth/session";
import { createUser, sessionTokenFor, type TestUser } from "../support/fixtures";

let user: TestUser;
beforeAll(async () => {
  user = await createUser();
});

function request(path: string, init: { method?: string; headers?: Record<string, string>; token?: string } = {}) {
  const headers = new Headers({ host: "localhost:3000", ...init.headers });
  if (init.token) headers.set("cookie", `${SESSION_COOKIE}=${init.token}`);
  return new NextRequest(new URL(path, "http://localhost:3000"), { method: init.method ?? "GET", headers });
}

const nonceOf = (csp: string | null) => csp?.match(/'nonce-([^']+)'/)?.[1];

describe("proxy security", () => {
  it("gives the sign-in page a fresh nonce in its CSP and hands the same policy on to Next.js for rendering", async () => {
    const [first, second] = [await proxy(request("/login")), await proxy(request("/login"))];
    const csp = first.headers.get("content-security-policy");
    expect(first.headers.get("x-middleware-next")).toBe("1");
    expect(nonceOf(csp)).toBeTruthy();
    expect(nonceOf(csp)).not.toBe(nonceOf(second.headers.get("content-security-policy")));
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("sets the headers on signed-in pages and on the redirect to sign-in", async () => {
    const page = await proxy(request("/inbox", { token: await sessionTokenFor(user) }));
    expect(nonceOf(page.headers.get("x-middleware-request-content-security-policy"))).toBe(
      nonceOf(page.headers.get("content-security-policy")),
    );
    const redirect = await proxy(request("/inbox"));
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("leaves the CSP of API answers to their routes (the media route's sandbox must not be replaced)", async () => {
    const media = await proxy(request("/api/media/7b0f3a52-2d4c-4a8e-9b43-0d8f7c1b2a11", { token: await sessionTokenFor(user) }));
    expect(media.headers.get("x-middleware-next")).toBe("1");
    expect(media.headers.get("content-security-policy")).toBeNull();
    expect(media.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers a cross-site Server Action with 403 before Next.js sees it", async () => {
    const response = await proxy(
      request("/login", { method: "POST", headers: { origin: "https://evil.example", "next-action": "7f00", "content-length": "10" } }),
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "forbidden", message: "Cross-site requests are not allowed." } });
  });

  it("refuses a 90 MB anonymous sign-in body before it is read, and lets a normal one through", async () => {
    const post = (bytes: number) =>
      proxy(
        request("/login", {
          method: "POST",
          headers: { origin: "http://localhost:3000", "next-action": "7f00", "content-length": String(bytes) },
        }),
      );
    expect((await post(90 * 1024 * 1024)).status).toBe(413);
    expect((await post(400)).headers.get("x-middleware-next")).toBe("1");
  });

  it("does not put an off-site path into the sign-in redirect's next", async () => {
    const response = await proxy(request("/.//evil.example/x"));
    expect(new URL(response.headers.get("location") ?? "").searchParams.get("next")).toBeNull();
  });
});
