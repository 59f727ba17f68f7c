import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "conversa-demo";

/** The sign-in page's words, in English unless a journey reads it in another language. */
const ENGLISH_SIGN_IN = { email: "Email", password: "Password", submit: "Sign in" };

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, words = ENGLISH_SIGN_IN) {
  await page.goto("/login");
  await page.getByLabel(words.email).fill(email);
  await page.getByLabel(words.password).fill(password);
  await page.getByRole("button", { name: words.submit }).click();
  // The password check and the inbox's first render: seconds on a busy 2-core machine.
  await expect(page).toHaveURL(/\/inbox/, { timeout: 30_000 });
}

// Overridable so two checkouts can run their browser tests side by side.
export const FAKE_PROVIDER_PORT = Number(process.env.E2E_FAKE_PROVIDER_PORT ?? 3199);
export const FAKE_PROVIDER_URL = `http://127.0.0.1:${FAKE_PROVIDER_PORT}`;

export const E2E_POSTGRES_PORT = Number(process.env.E2E_POSTGRES_PORT ?? 54331);
/** The embedded database the first instance starts (scripts/database/embedded.ts), shared by the second one and the worker. */
export const E2E_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${E2E_POSTGRES_PORT}/conversa?sslmode=disable`;
const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
/** The second app instance; far from E2E_PORT so checkouts with neighbouring ports do not collide. */
export const SECOND_INSTANCE_URL = `http://127.0.0.1:${E2E_PORT + 500}`;
export const WORKER_PORT = E2E_PORT + 501;
/** The instance e2e/supabase-auth.spec.ts starts itself, in Supabase Auth mode. */
export const SUPABASE_AUTH_INSTANCE_URL = `http://127.0.0.1:${E2E_PORT + 502}`;

/** Kapso's Platform API on the fake provider, and the project key the app is started with. */
export const KAPSO_PLATFORM_PATH = "/kapso/platform/v1";
export const E2E_KAPSO_API_KEY = "e2e-kapso-project-key";

/** What the fake provider (e2e/fake-provider.ts) received, oldest first. */
export async function providerRequests(): Promise<{ path: string; body: Record<string, unknown>; wamid: string | null }[]> {
  const response = await fetch(`${FAKE_PROVIDER_URL}/__requests`);
  return response.json();
}
