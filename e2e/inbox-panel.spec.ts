import { expect, type Locator, type Page, test } from "@playwright/test";
import { metaInboundText } from "../scripts/webhooks/payloads";
import { postWebhook } from "../scripts/webhooks/send";
import { signIn } from "./support";

/** The demo workspace's Meta number (supabase/seed.sql); its API calls go to e2e/fake-provider.ts. */
const DEMO_META = { phoneNumberId: "100000000000003", displayPhoneNumber: "5511900000003" };

/** Screenshots to look at, kept out of git (.data is ignored). */
const SHOTS = ".data/screenshots";

/** A new customer writes to the demo number; answers the conversation's address. */
async function newConversation(page: Page, baseURL: string | undefined, label: string) {
  const customer = { name: `${label} ${Date.now().toString(36)}`, from: `55119${Math.floor(10_000_000 + Math.random() * 89_999_999)}` };
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: "demo-meta-app-secret" };
  expect((await postWebhook(target, metaInboundText(DEMO_META, { ...customer, text: "Bom dia!" }))).status).toBe(200);
  const row = page.getByRole("list", { name: "Conversations" }).getByRole("listitem").filter({ hasText: customer.name });
  // Loaded again until the webhook's conversation is listed; a busy machine may take seconds per navigation.
  await expect(async () => {
    await page.goto("/inbox");
    await row.getByTestId("conversation-row").click({ timeout: 5_000 });
    await expect(page).toHaveURL(/\/inbox\/[0-9a-f-]{36}/, { timeout: 10_000 });
  }).toPass();
  return { ...customer, url: new URL(page.url()).pathname };
}

/**
 * The element's first text (the name; the number before " · via …") is laid
 * out whole, not cut by the ellipsis: its box is at least as wide as that text.
 */
async function expectFullyShown(locator: Locator, label: string) {
  await expect(locator, label).toBeVisible();
  // Measured again until the layout has settled (hydration may replace the text node between locating and measuring).
  await expect(async () => {
    const box = await locator.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el.firstChild ?? el);
      return { shown: el.getBoundingClientRect().width, needed: range.getBoundingClientRect().width };
    });
    expect(box.needed, `${label}: ${JSON.stringify(box)}`).toBeGreaterThan(20);
    expect(box.shown, `${label} truncated: ${JSON.stringify(box)}`).toBeGreaterThanOrEqual(box.needed - 1);
  }).toPass({ timeout: 5_000 });
}

test("the conversation header shows the contact's whole name and number at 1024, 1280 and 1440 px and on a 390×844 phone", async ({
  page,
  baseURL,
}) => {
  // Five page loads on a shared 2-core machine.
  test.slow();
  await signIn(page, "admin@conversa.local");
  const customer = await newConversation(page, baseURL, "Fernanda Oliveira");
  for (const [width, height] of [
    [1024, 768],
    [1280, 800],
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(customer.url);
    const name = page.getByRole("heading", { level: 2, name: customer.name });
    await expectFullyShown(name, `name at ${width}px`);
    // Formatted (+55 11 9…): the number's line starts with it.
    const number = page.locator("header", { has: name }).locator("p").filter({ hasText: /^\+55/ });
    await expectFullyShown(number, `number at ${width}px`);
    await page.screenshot({ path: `${SHOTS}/conversation-header-${width}x${height}.png` });
  }
});

test("on a 390×844 phone the details drawer assigns the conversation (the header has no room for it)", async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "admin@conversa.local");
  const customer = await newConversation(page, baseURL, "Gabriela Rocha");
  const drawer = page.getByRole("complementary", { name: "Contact details" });
  await expect(async () => {
    await page.getByRole("button", { name: "Contact details" }).click({ timeout: 2_000 });
    await expect(drawer).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await drawer.getByLabel("Assigned to").selectOption("00000000-0000-4000-8000-000000000002");
  await page.screenshot({ path: `${SHOTS}/drawer-assignment-390x844.png` });
  // Stored: after a reload the drawer, opened again, has it.
  await page.goto(customer.url);
  await expect(async () => {
    await page.getByRole("button", { name: "Contact details" }).click({ timeout: 2_000 });
    await expect(drawer.getByLabel("Assigned to")).toHaveValue("00000000-0000-4000-8000-000000000002", { timeout: 2_000 });
  }).toPass();
});

test("below 1440 px the views open as a drawer over the list; picking one filters the list and closes it", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, "admin@conversa.local");
  await page.goto("/inbox");
  const views = page.getByRole("navigation", { name: "Views" });
  await expect(views).toBeHidden();
  await expect(async () => {
    await page.getByRole("button", { name: "Show views" }).click({ timeout: 2_000 });
    await expect(views).toBeVisible({ timeout: 2_000 });
  }).toPass();
  await page.screenshot({ path: `${SHOTS}/views-drawer-1280.png` });
  await page.keyboard.press("Escape");
  await expect(views).toBeHidden();
  await page.getByRole("button", { name: "Show views" }).click();
  await views.getByRole("link", { name: /^Unassigned/ }).click();
  await expect(page).toHaveURL(/assignee=none/);
  await expect(views).toBeHidden();
  // A column from 1440 px: always shown, no toggle.
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(views).toBeVisible();
  await expect(page.getByRole("button", { name: "Show views" })).toBeHidden();
});

test("the contact panel edits the contact (seen on the contact page), lists activity, and its hidden state survives a reload", async ({
  page,
  baseURL,
}) => {
  // Many page loads on a shared 2-core machine.
  test.slow();
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "ana@conversa.local");
  const customer = await newConversation(page, baseURL, "Helena Prado");
  const panel = page.getByRole("complementary", { name: "Contact details" });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("list", { name: "Activity" })).toContainText("Customer wrote");

  const email = `helena.${Date.now().toString(36)}@example.com`;
  await expect(async () => {
    await panel.getByLabel("Email").fill(email);
    await panel.getByLabel("Owner").selectOption("00000000-0000-4000-8000-000000000003");
    await panel.getByRole("button", { name: "Save changes" }).click({ timeout: 2_000 });
    await expect(panel.getByRole("status").filter({ hasText: "Saved" })).toBeVisible({ timeout: 3_000 });
  }).toPass();
  await page.screenshot({ path: `${SHOTS}/contact-panel-1440.png` });

  await panel.getByRole("link", { name: "Open contact page" }).click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}/);
  const details = page.getByRole("form", { name: "Contact details" });
  await expect(details.getByLabel("Email")).toHaveValue(email);
  await expect(details.getByLabel("Owner")).toHaveValue("00000000-0000-4000-8000-000000000003");

  // Hidden on this desktop, and still hidden after a reload; shown again the same way.
  await page.goto(customer.url);
  const toggle = page.getByRole("button", { name: "Contact details" });
  await expect(async () => {
    await toggle.click({ timeout: 2_000 });
    await expect(panel).toBeHidden({ timeout: 2_000 });
  }).toPass();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await page.reload();
  await expect(page.getByRole("heading", { name: customer.name })).toBeVisible();
  await expect(panel).toBeHidden();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(panel).toBeVisible();
  await page.reload();
  await expect(panel).toBeVisible();
});

test("a member uploads a profile picture (shown in the menu); a file that is not a picture is refused", async ({ page }) => {
  await signIn(page, "carlos@conversa.local");
  await page.goto("/settings/profile");
  const picture = page.getByLabel("Picture", { exact: true });
  const upload = page.getByRole("button", { name: "Upload picture" });
  const menuAvatar = page.getByRole("link", { name: /Your profile/ }).getByTestId("member-avatar");

  // A script named like a picture: refused by its bytes, the field says why.
  await expect(async () => {
    await picture.setInputFiles({ name: "me.png", mimeType: "image/png", buffer: Buffer.from("<svg onload=alert(1)></svg>") });
    await upload.click({ timeout: 2_000 });
    await expect(page.getByText("This file is not a JPEG, PNG or WebP picture.").first()).toBeVisible({ timeout: 3_000 });
  }).toPass();
  await expect(menuAvatar).toHaveCount(0);

  // A real 1×1 PNG.
  const pixel = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
  await picture.setInputFiles({ name: "me.png", mimeType: "image/png", buffer: pixel });
  await upload.click();
  await expect(page.getByText("Your picture was saved.")).toBeVisible();
  await expect(menuAvatar).toBeVisible();
  const src = await menuAvatar.getAttribute("src");
  const answer = await page.request.get(String(src));
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toBe("image/png");
  await page.screenshot({ path: `${SHOTS}/profile-picture.png` });

  // Back to initials, so reruns start from them.
  await page.getByRole("button", { name: "Use initials" }).click();
  await expect(menuAvatar).toHaveCount(0);
});
