import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./support";

/**
 * The dark theme (issue 23): the system's until a user chooses Light or
 * Dark in their profile; the choice is in the server's HTML, so the first
 * paint has it.
 */
const colorScheme = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
const themeSelect = (page: Page) => page.getByRole("combobox", { name: "Theme" });

test("the theme follows the system until the user chooses one, and 'Same as my device' gives it back", async ({ page }) => {
  // carlos's theme is changed by no other journey, and this one ends on the system's again.
  await signIn(page, "carlos@conversa.local");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/settings/profile");
  await expect(page.locator("html")).not.toHaveAttribute("data-theme");
  expect(await colorScheme(page)).toBe("dark");
  await page.emulateMedia({ colorScheme: "light" });
  expect(await colorScheme(page)).toBe("light");

  // Dark on a light system, kept in the server's HTML.
  await expect(async () => {
    await themeSelect(page).selectOption("dark");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark", { timeout: 3_000 });
  }).toPass();
  await expect(page.getByText("Saved.", { exact: true })).toBeVisible();
  expect(await colorScheme(page)).toBe("dark");
  const html = await (await page.goto("/inbox"))?.text();
  expect(html).toMatch(/<html[^>]* data-theme="dark"/);
  expect(await colorScheme(page)).toBe("dark");

  // Light on a dark system.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/settings/profile");
  await themeSelect(page).selectOption("light");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await colorScheme(page)).toBe("light");

  await themeSelect(page).selectOption("system");
  await expect(page.locator("html")).not.toHaveAttribute("data-theme");
  expect(await colorScheme(page)).toBe("dark");
  await page.reload();
  await expect(themeSelect(page)).toHaveValue("system");
});

test.describe("dark screenshots", () => {
  test.use({ colorScheme: "dark" });
  const SHOTS = ".data/screenshots";

  for (const width of [1280, 390]) {
    test(`the inbox, a conversation, the contacts and the dashboard at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: width > 800 ? 800 : 844 });
      await signIn(page, "admin@conversa.local");
      await expect(page.getByRole("list", { name: "Conversations" }).getByRole("listitem").first()).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/dark-inbox-${width}.png` });
      await expect(async () => {
        await page.getByRole("list", { name: "Conversations" }).getByRole("listitem").first().getByRole("link").first().click();
        await expect(page.getByRole("list", { name: "Messages" }).getByTestId("message").first()).toBeVisible({ timeout: 3_000 });
      }).toPass();
      await page.screenshot({ path: `${SHOTS}/dark-conversation-${width}.png` });
      await page.goto("/contacts");
      await expect(page.getByRole("row").nth(1)).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/dark-contacts-${width}.png` });
      await page.goto("/");
      await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
      await expect(page.getByRole("status", { name: "Loading" })).toHaveCount(0);
      // Recharts draws once it has measured its box.
      await expect(page.locator(".recharts-cartesian-grid").first()).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/dark-dashboard-${width}.png` });
    });
  }
});
