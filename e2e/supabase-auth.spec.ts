import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { type FakeGoTrue, startFakeGoTrue } from "../tests/support/fake-gotrue";
import { DEMO_PASSWORD, E2E_DATABASE_URL, FAKE_PROVIDER_URL, SUPABASE_AUTH_INSTANCE_URL } from "./support";

/**
 * The production build once more, in Supabase Auth mode: its own `next start`
 * on the e2e database (seeded by the main server), signing in through a
 * fake GoTrue that the real @supabase/ssr clients talk to.
 */
const APP_URL = SUPABASE_AUTH_INSTANCE_URL;
const APP_PORT = new URL(APP_URL).port;
const DATABASE_URL = E2E_DATABASE_URL;
const PUBLISHABLE_KEY = "sb_publishable_e2e";
const SECRET_KEY = "sb_secret_e2e";

let gotrue: FakeGoTrue;
let app: ChildProcess;

test.describe.configure({ mode: "serial" });
test.use({ baseURL: APP_URL });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  gotrue = await startFakeGoTrue({ databaseUrl: DATABASE_URL, publishableKey: PUBLISHABLE_KEY, secretKey: SECRET_KEY });
  app = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", APP_PORT], {
    stdio: "ignore",
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL,
      AUTH_SECRET: "e2e-supabase-mode-secret-0123456789abcdef",
      APP_URL,
      META_GRAPH_URL: FAKE_PROVIDER_URL,
      DIALOG360_API_URL: FAKE_PROVIDER_URL,
      KAPSO_API_URL: FAKE_PROVIDER_URL,
      NEXT_PUBLIC_SUPABASE_URL: gotrue.url,
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
      SUPABASE_SECRET_KEY: SECRET_KEY,
      // The e2e worker process already runs the jobs of this database.
      WORKER_IN_PROCESS: "false",
    },
  });
  await expect(async () => expect((await fetch(`${APP_URL}/login`)).status).toBe(200)).toPass({ timeout: 60_000 });
});

test.afterAll(async () => {
  app?.kill("SIGTERM");
  await gotrue?.stop();
});

test("signs in through Supabase Auth, refreshes an expired session on the next page, and signs out", async ({ page, context }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("ana@conversa.local");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox/);
  await expect(page.getByRole("list", { name: "Conversations" })).toBeVisible();

  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "sb-127-auth-token");
  expect(session?.httpOnly).toBe(true);
  expect(cookies.map((c) => c.name)).not.toContain("conversa_session");

  // The session as it is after a long lunch break: its access token past expiry.
  const stored = JSON.parse(Buffer.from(String(session?.value).replace(/^base64-/, ""), "base64url").toString("utf8"));
  const expired = `base64-${Buffer.from(JSON.stringify({ ...stored, expires_at: 1 })).toString("base64url")}`;
  await context.addCookies([{ ...(session as NonNullable<typeof session>), value: expired }]);
  const refreshes = gotrue.requests.filter((r) => r.path === "/auth/v1/token?grant_type=refresh_token").length;
  await page.goto("/contacts");
  await expect(page.getByRole("heading", { level: 1, name: "Contacts" })).toBeVisible();
  // The page and its prefetches may each refresh (GoTrue's reuse interval lets them share the rotated token).
  expect(gotrue.requests.filter((r) => r.path === "/auth/v1/token?grant_type=refresh_token").length).toBeGreaterThan(refreshes);
  const refreshed = (await context.cookies()).find((c) => c.name === "sb-127-auth-token");
  expect(refreshed?.value).not.toBe(expired);
  await page.goto("/inbox");
  await expect(page.getByRole("list", { name: "Conversations" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/login/);
  expect((await context.cookies()).map((c) => c.name)).not.toContain("sb-127-auth-token");
  expect(gotrue.requests.some((r) => r.path === "/auth/v1/logout?scope=local")).toBe(true);
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/login\?next=%2Finbox/);
});

test("a member of another workspace never sees the demo workspace, even when the cookie names it", async ({ page, context }) => {
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  const email = `outsider-${Date.now().toString(36)}@example.com`;
  try {
    const [demo] = await sql<{ id: string }[]>`select id from public.workspaces where name = 'Toko Demo'`;
    const [user] = await sql<{ id: string }[]>`
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at)
      values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', ${email},
              extensions.crypt(${DEMO_PASSWORD}, extensions.gen_salt('bf', 4)), now())
      returning id`;
    // Created as that user, the way the app creates workspaces (its creator becomes the owner).
    await sql.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: user?.id, role: "authenticated" })}, true),
                      set_config('role', 'authenticated', true)`;
      await tx`select public.create_workspace('Outsider Shop', ${`outsider-${Date.now().toString(36)}`}, 'ID')`;
    });

    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/inbox/);

    await context.addCookies([{ name: "conversa_workspace", value: demo?.id ?? "", url: APP_URL }]);
    await page.goto("/settings");
    const switcher = page.getByTestId("workspace-name").first();
    await expect(switcher.locator("option:checked")).toHaveText("Outsider Shop (Owner)");
    await expect(switcher.locator("option", { hasText: "Toko Demo" })).toHaveCount(0);
    await page.goto("/settings/members");
    const members = page.getByTestId("member-row");
    await expect(members.filter({ hasText: email })).toBeVisible();
    await expect(members).toHaveCount(1);
  } finally {
    await sql.end();
  }
});
