import { describe, expect, it } from "vitest";
import { bodyRefusal, isCrossSiteWrite, PUBLIC_BODY_LIMIT_BYTES } from "@/server/http/request-guards";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/server/http/security-headers";

const directives = (policy: string) => Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("securityHeaders", () => {
  const production = { nonce: "abc123", appUrl: "https://inbox.example", development: false };

  it("sets a nonce-based CSP and the other headers; HSTS only for an https APP_URL", () => {
    const headers = securityHeaders(production);
    expect(directives(headers["content-security-policy"] ?? "")).toEqual({
      "default-src": ["'self'"],
      "script-src": ["'self'", "'nonce-abc123'", "'strict-dynamic'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "blob:", "data:"],
      "media-src": ["'self'", "blob:"],
      "font-src": ["'self'"],
      "connect-src": ["'self'"],
      "object-src": ["'none'"],
      "base-uri": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
      "upgrade-insecure-requests": [],
    });
    expect(headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin",
      "x-frame-options": "DENY",
      "strict-transport-security": "max-age=31536000",
    });
    expect(headers["permissions-policy"]).toContain("camera=()");
    const plain = securityHeaders({ ...production, appUrl: "http://localhost:3000" });
    expect(plain["strict-transport-security"]).toBeUndefined();
    expect(plain["content-security-policy"]).not.toContain("upgrade-insecure-requests");
  });

  it("never lets scripts run from inline handlers or eval in production; eval only for the dev server", () => {
    const script = (development: boolean) => directives(contentSecurityPolicy({ ...production, development }))["script-src"];
    expect(script(false)).not.toContain("'unsafe-inline'");
    expect(script(false)).not.toContain("'unsafe-eval'");
    expect(script(true)).toContain("'unsafe-eval'");
  });

  it("admits Supabase for Realtime and signed media URLs in Supabase mode", () => {
    const csp = directives(contentSecurityPolicy({ ...production, supabaseUrl: "https://abc.supabase.co" }));
    expect(csp["connect-src"]).toEqual(["'self'", "https://abc.supabase.co", "wss://abc.supabase.co"]);
    expect(csp["img-src"]).toContain("https://abc.supabase.co");
    expect(csp["media-src"]).toContain("https://abc.supabase.co");
  });

  it("makes a new unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    expect([...nonces][0]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("isCrossSiteWrite", () => {
  const request = (method: string, headers: Record<string, string>) => [method, new Headers(headers)] as const;

  it("refuses a Server Action posted from another site, or from an opaque origin", () => {
    expect(isCrossSiteWrite(...request("POST", { host: "inbox.example", origin: "https://evil.example", "next-action": "x" }))).toBe(true);
    expect(isCrossSiteWrite(...request("POST", { host: "inbox.example", origin: "null" }))).toBe(true);
    expect(isCrossSiteWrite(...request("POST", { host: "inbox.example:3000", origin: "http://inbox.example:3001" }))).toBe(true);
  });

  it("lets same-site writes, reads, and requests without Origin through (to Next.js, which decides those)", () => {
    expect(isCrossSiteWrite(...request("POST", { host: "inbox.example", origin: "https://inbox.example" }))).toBe(false);
    expect(
      isCrossSiteWrite(...request("POST", { host: "10.0.0.5:3000", "x-forwarded-host": "Inbox.example", origin: "https://inbox.example" })),
    ).toBe(false);
    expect(isCrossSiteWrite(...request("GET", { host: "inbox.example", origin: "https://evil.example" }))).toBe(false);
    expect(isCrossSiteWrite(...request("POST", { host: "inbox.example" }))).toBe(false);
  });
});

describe("bodyRefusal", () => {
  const length = (bytes: number) => new Headers({ "content-length": String(bytes) });

  it("refuses an anonymous body over 1 MB, or one of undeclared length", () => {
    expect(bodyRefusal("POST", length(90 * 1024 * 1024), false)).toBe(413);
    expect(bodyRefusal("POST", length(PUBLIC_BODY_LIMIT_BYTES + 1), false)).toBe(413);
    expect(bodyRefusal("POST", new Headers({ "transfer-encoding": "chunked" }), false)).toBe(411);
  });

  it("leaves sign-in sized bodies, signed-in members' attachments (Next's limit) and reads alone", () => {
    expect(bodyRefusal("POST", length(PUBLIC_BODY_LIMIT_BYTES), false)).toBeNull();
    expect(bodyRefusal("POST", length(90 * 1024 * 1024), true)).toBeNull();
    expect(bodyRefusal("GET", new Headers(), false)).toBeNull();
  });
});
