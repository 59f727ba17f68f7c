import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test("an unauthenticated visit is sent to sign-in, and comes back after it", async ({ page }) => {
  await page.goto("/contacts");
  await expect(page).toHaveURL(/\/login\?next=%2Fcontacts/);
  await page.getByLabel("Email").fill("admin@conversa.local");
  await page.getByLabel("Password").fill("conversa-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByRole("heading", { name: "Contacts", exact: true })).toBeVisible();
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("ana@conversa.local");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);
});

test("the seeded admin signs in and sees the app shell with the demo inbox", async ({ page }) => {
  await signIn(page, "admin@conversa.local");
  const nav = page.getByRole("navigation", { name: "Main" }).first();
  await expect(nav.getByRole("link", { name: "Inbox" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Contacts" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(page.getByTestId("workspace-name").first().locator("option:checked")).toHaveText("Toko Demo (Owner)");
  await expect(page.getByRole("list", { name: "Conversations" }).getByRole("listitem").first()).toBeVisible();

  await nav.getByRole("link", { name: "Contacts" }).click();
  await expect(page.getByRole("row")).not.toHaveCount(1);

  await nav.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/login/);
});
