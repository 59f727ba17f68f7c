import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test("an admin invites someone, who sets a password from the link and lands in the workspace", async ({ page, browser }) => {
  const email = `invitee-${Date.now().toString(36)}@example.com`;
  await signIn(page, "admin@conversa.local");
  await page.goto("/settings/members");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("agent");
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(`Invitation for ${email} created`);
  const link = await page.getByRole("status").getByLabel(`Invitation link for ${email}`).inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\/[0-9a-f]{48}$/);

  // The invitee: a fresh browser with no session.
  const invitee = await browser.newContext();
  const invited = await invitee.newPage();
  await invited.goto(link);
  await expect(invited.getByRole("heading", { name: "Join Toko Demo" })).toBeVisible();
  await expect(invited.getByText(email)).toBeVisible();
  await invited.getByLabel("Your name").fill("Rina Wulandari");
  await invited.getByLabel("Choose a password").fill("short");
  await invited.getByRole("button", { name: "Create account and join" }).click();
  await expect(invited.locator("form").getByRole("alert")).toHaveText("Use at least 8 characters");
  await invited.getByLabel("Choose a password").fill("a-good-long-password");
  await invited.getByRole("button", { name: "Create account and join" }).click();
  await expect(invited).toHaveURL(/\/$/);
  await expect(invited.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(invited.getByTestId("workspace-name").first().locator("option:checked")).toHaveText("Toko Demo (Agent)");

  // The link worked once.
  const again = await (await browser.newContext()).newPage();
  await again.goto(link);
  await expect(again.getByRole("heading", { name: "This invitation has been used" })).toBeVisible();

  // The admin sees the new member, makes them an admin, and finds both in the audit log.
  await page.reload();
  const row = page.getByTestId("member-row").filter({ hasText: email });
  await expect(row).toContainText("Rina Wulandari");
  await row.getByLabel(`Role of ${email}`).selectOption("admin");
  await expect(page.getByTestId("member-row").filter({ hasText: email }).getByLabel(`Role of ${email}`)).toHaveValue("admin");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Audit log" }).click();
  const entries = page.getByTestId("audit-row").filter({ hasText: email });
  await expect(entries.filter({ hasText: "Role changed" })).toContainText("agent → admin");
  await expect(entries.filter({ hasText: "Invitation accepted" })).toBeVisible();
  await page.getByLabel("Action").selectOption("invitation.accepted");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=invitation.accepted/);
  await expect(page.getByTestId("audit-row").filter({ hasText: "Role changed" })).toHaveCount(0);

  // Signed in as the new account, with the password they chose.
  await invitee.clearCookies();
  await signIn(invited, email, "a-good-long-password");

  await page.goto("/settings/members");
  await page.getByRole("button", { name: `Remove ${email}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByTestId("member-row").filter({ hasText: email })).toHaveCount(0);
});

test("the dashboard shows the workspace's charts, and the inbox stays one click away", async ({ page }) => {
  await signIn(page, "admin@conversa.local");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("in Asia/Jakarta time")).toBeVisible();
  for (const title of ["Messages per day", "Conversations by status", "Leads by stage", "Replies per agent", "Median first response"]) {
    const panel = page.getByRole("region", { name: title });
    await expect(panel.locator("svg.recharts-surface").first()).toBeVisible();
  }
  await expect(page.getByTestId("stat-Messages received")).toHaveText(/^[1-9][\d,]*$/);

  await page.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Inbox" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByRole("list", { name: "Conversations" })).toBeVisible();
});
