import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "conversa-demo";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox/);
}

// Overridable so two checkouts can run their browser tests side by side.
export const FAKE_PROVIDER_PORT = Number(process.env.E2E_FAKE_PROVIDER_PORT ?? 3199);
export const FAKE_PROVIDER_URL = `http://127.0.0.1:${FAKE_PROVIDER_PORT}`;

/** What the fake provider (e2e/fake-provider.ts) received, oldest first. */
export async function providerRequests(): Promise<{ path: string; body: Record<string, unknown>; wamid: string | null }[]> {
  const response = await fetch(`${FAKE_PROVIDER_URL}/__requests`);
  return response.json();
}
