import { expect, type Page, test } from "@playwright/test";
import { DEMO_PASSWORD, signIn } from "./support";

/** Every CSP violation the page reports, from the DOM event and from the console (where Chromium also logs them). */
async function watchCsp(page: Page) {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  return violations;
}

/** React took over the page: the scripts Next.js rendered with the nonce ran. */
async function expectHydrated(page: Page) {
  await expect.poll(() => page.evaluate(() => Boolean((window as unknown as { next?: { version?: string } }).next?.version))).toBe(true);
}

test("pages carry the security headers and run without a single CSP violation", async ({ page }) => {
  const violations = await watchCsp(page);
  const login = await page.goto("/login");
  const headers = login?.headers() ?? {};
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "same-origin", "x-frame-options": "DENY" });
  expect(headers["permissions-policy"]).toContain("camera=()");
  // APP_URL is http here: no HSTS.
  expect(headers["strict-transport-security"]).toBeUndefined();
  await expectHydrated(page);

  await signIn(page, "admin@conversa.local");
  await expectHydrated(page);
  await page.getByRole("list", { name: "Conversations" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/inbox\/[0-9a-f-]{36}/);
  const dashboard = await page.goto("/");
  expect(dashboard?.headers()["content-security-policy"]).toMatch(/'nonce-/);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await page.goto("/contacts");
  await expectHydrated(page);
  expect(violations).toEqual([]);
});

test("sign-in never sends the browser to another site", async ({ page, baseURL }) => {
  for (const next of ["/\\evil.example", "/%09/evil.example", "/\t/evil.example", "//evil.example"]) {
    await page.context().clearCookies();
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel("Email").fill("admin@conversa.local");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Signed in, the browser leaves /login for a path of ours: the inbox, or the odd path itself as one of ours (a 404 page).
    await expect(page).not.toHaveURL(/\/login/);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL ?? "").origin);
  }
});

test("a Server Action posted from another site is answered 403", async ({ request }) => {
  const response = await request.post("/login", {
    headers: { origin: "https://evil.example", "next-action": "0000000000000000000000000000000000000000", "content-type": "text/plain" },
    data: "[]",
  });
  expect(response.status()).toBe(403);
});

test("an anonymous 2 MB Server Action body is refused with 413", async ({ request, baseURL }) => {
  const response = await request.post("/login", {
    headers: {
      origin: new URL(baseURL ?? "").origin,
      "next-action": "0000000000000000000000000000000000000000",
      "content-type": "text/plain",
    },
    data: "x".repeat(2 * 1024 * 1024),
  });
  expect(response.status()).toBe(413);
});

test("an unknown /api/v1 path answers the API's JSON 404", async ({ request }) => {
  const response = await request.post("/api/v1/no-such-endpoint", { data: {} });
  expect(response.status()).toBe(404);
  expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
});
