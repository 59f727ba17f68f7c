import { expect, test } from "@playwright/test";
import { signIn } from "./support";

/**
 * Ids that do not exist (or are not uuids) answer with a real 404 and a page
 * inside the shell with a way back. The status needs no loading boundary
 * above the record page (docs/architecture.md, "Not found: a real 404").
 */
const missing = crypto.randomUUID();
const PAGES = [
  `/inbox/${missing}`,
  "/inbox/not-a-uuid",
  `/contacts/${missing}`,
  "/contacts/42",
  `/contacts/import/${missing}`,
  `/settings/api/webhooks/${missing}`,
  "/settings/webhooks/999999999",
];

test("a record that does not exist is a 404 inside the shell, with a way back to the inbox", async ({ page }) => {
  await signIn(page, "admin@conversa.local");
  for (const path of PAGES) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
    // The shell's menu is still there.
    await expect(page.getByRole("navigation").first()).toBeVisible();
  }
  await page.getByRole("link", { name: "Back to inbox" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
});
