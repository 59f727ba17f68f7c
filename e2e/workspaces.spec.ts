import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test("an admin creates a workspace, switches, and invites to it", async ({ page }) => {
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
  await expect(page.getByText("No open conversations")).toBeVisible();

  // Invite by email: a pending invitation with a link to copy, which can be revoked.
  await page.goto("/settings/members");
  await page.getByLabel("Email").fill(colleague);
  await page.getByLabel("Role", { exact: true }).selectOption("agent");
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(`Invitation for ${colleague} created`);
  const invitation = page.getByTestId("invitation-row").filter({ hasText: colleague });
  await expect(invitation.getByLabel(`Invitation link for ${colleague}`)).toHaveValue(/\/invite\/[0-9a-f]{48}$/);
  await invitation.getByRole("button", { name: `Revoke the invitation for ${colleague}` }).click();
  await expect(page.getByTestId("invitation-row").filter({ hasText: colleague })).toHaveCount(0);

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
  await expect(page.getByRole("button", { name: "Invite", exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);
});
