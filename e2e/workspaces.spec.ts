import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test("an admin creates a workspace, switches, and manages its members", async ({ page }) => {
  const name = `Tienda ${Date.now().toString(36)}`;
  const colleague = `vendedor-${Date.now().toString(36)}@example.com`;

  await signIn(page, "admin@conversa.local");
  await page.goto("/settings");
  const create = page.getByRole("region", { name: "New workspace" });
  await create.getByLabel("Workspace name").fill(name);
  await create.getByLabel("Default country for phone numbers").selectOption("MX");
  await create.getByRole("button", { name: "Create workspace" }).click();

  await expect(page).toHaveURL(/\/inbox/);
  const switcher = page.getByTestId("workspace-name").first();
  await expect(switcher.locator("option:checked")).toHaveText(`${name} (Owner)`);
  await expect(page.getByText("No conversations yet")).toBeVisible();

  // Add a member by email: a new account gets a one-time password.
  await page.goto("/settings/members");
  await page.getByLabel("Email").fill(colleague);
  await page.getByLabel("Role", { exact: true }).selectOption("agent");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("status")).toContainText("one-time password");
  const row = page.getByTestId("member-row").filter({ hasText: colleague });
  await expect(row).toBeVisible();

  // Change the role, then remove them.
  await row.getByLabel(`Role of ${colleague}`).selectOption("admin");
  await page.reload();
  await expect(page.getByTestId("member-row").filter({ hasText: colleague }).getByLabel(`Role of ${colleague}`)).toHaveValue("admin");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: `Remove ${colleague}` }).click();
  await expect(page.getByTestId("member-row").filter({ hasText: colleague })).toHaveCount(0);

  // Switch back to the demo workspace.
  await switcher.selectOption({ label: "Toko Demo (Owner)" });
  await expect(page.getByText("ana@conversa.local")).toBeVisible();
  await expect(switcher.locator("option:checked")).toHaveText("Toko Demo (Owner)");
  await page.goto("/inbox");
  await expect(page.getByRole("list", { name: "Conversations" })).toBeVisible();
});

test("an agent sees the team but cannot manage it", async ({ page }) => {
  await signIn(page, "ana@conversa.local");
  await page.goto("/settings/members");
  await expect(page.getByText("Only owners and admins can change the team.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add member" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);
});
