import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { providerRequests, signIn } from "./support";

test("an admin connects a number through Kapso's setup page, sends a test message and disconnects it", async ({ page }) => {
  await signIn(page, "carlos@conversa.local");
  await page.goto("/settings/whatsapp");
  await expect(page.getByRole("heading", { name: "Connect a number" })).toBeVisible();
  const before = await page.getByTestId("whatsapp-number").count();

  // Kapso's hosted page (the fake) sends the browser straight back with the query Kapso adds.
  let callback = "";
  page.on("request", (request) => {
    if (request.url().includes("/api/webhooks/kapso/success")) callback = request.url();
  });
  await page.getByRole("button", { name: "Connect your WhatsApp Business" }).click();
  await expect(page).toHaveURL(/\/settings\/whatsapp\?connected=1$/);
  await expect(page.getByRole("status").first()).toHaveText(/Your WhatsApp number is connected/);
  expect(new URL(callback).searchParams.get("status")).toBe("completed");
  await expect(page.getByTestId("whatsapp-number")).toHaveCount(before + 1);
  const newest = page.getByTestId("whatsapp-number").first();
  await expect(newest).toContainText("Kapso");
  await expect(newest).toContainText("Connected");
  const title = (await newest.getAttribute("aria-label")) ?? "";
  expect(title).toMatch(/^\+62 812/);
  const number = page.getByTestId("whatsapp-number").filter({ has: page.getByText(title, { exact: true }) });
  await expect(number.getByRole("textbox", { name: /^Webhook URL of/ })).toHaveValue(/\/api\/webhooks\/kapso$/);

  // The test message goes through the real queue to the provider, and its result is shown.
  const phone = `0812 3456 ${String(Date.now()).slice(-4)}`;
  await number.getByRole("textbox", { name: /Send test message/ }).fill(phone);
  await number.getByRole("button", { name: /^Send test message from/ }).click();
  await expect(number.getByRole("status")).toContainText("Test message sent", { timeout: 30_000 });
  const sends = (await providerRequests()).filter((r) => r.body.to === `62${phone.replace(/\D/g, "").slice(1)}`);
  expect(sends.at(-1)?.body).toMatchObject({ type: "template", template: { name: "hello_world" } });

  // Replaying Kapso's callback is refused, explained, with a way to start again.
  await page.goto(callback);
  await expect(page).toHaveURL(/\/settings\/whatsapp\?error=already_used$/);
  await expect(page.getByRole("alert").first()).toContainText("already used");
  await expect(page.getByTestId("whatsapp-number")).toHaveCount(before + 1);

  await number.getByRole("button", { name: /^Disconnect/ }).click();
  const confirm = page.getByRole("dialog", { name: /^Disconnect .+\?$/ });
  await expect(confirm).toContainText("Messages to and from this number stop at once.");
  await confirm.getByRole("button", { name: "Disconnect", exact: true }).click();
  await expect(number).toContainText("Disconnected");
  await expect(number.getByRole("button", { name: /^Disconnect/ })).toHaveCount(0);
});

test("a Kapso failure is explained with a retry; a 360dialog key never reaches the page", async ({ page }) => {
  await signIn(page, "carlos@conversa.local");
  await page.goto("/api/webhooks/kapso/failed?error_code=phone_verification_failed");
  await expect(page).toHaveURL(/\/settings\/whatsapp\?error=phone_verification_failed$/);
  const alert = page.getByRole("alert").first();
  await expect(alert).toContainText("WhatsApp could not verify the phone number");
  await expect(alert.getByRole("button", { name: "Try again" })).toBeVisible();

  const apiKey = `e2e360${randomBytes(12).toString("hex")}`;
  await page.getByText("Connect a 360dialog number").click();
  await page.getByLabel("API key", { exact: true }).fill(apiKey);
  const digits = String(Date.now()).slice(-4);
  await page.getByLabel("Phone number (optional)").fill(`+62 811 9000 ${digits}`);
  await page.getByRole("button", { name: "Connect 360dialog number" }).click();
  await expect(page.getByText("Connected. The number is listed below.")).toBeVisible();
  const number = page.getByTestId("whatsapp-number").filter({ hasText: `+62 811 9000 ${digits}` });
  await expect(number).toContainText(`key ••••${apiKey.slice(-4)}`);
  await expect(number.getByRole("textbox", { name: /^Webhook URL of/ })).toHaveValue(/\/api\/webhooks\/360dialog\/[0-9a-f]{48}$/);
  const webhookSet = (await providerRequests()).filter((r) => r.path === "/v1/configs/webhook");
  expect(webhookSet.at(-1)?.body.url).toBe(await number.getByRole("textbox", { name: /^Webhook URL of/ }).inputValue());

  await page.reload();
  expect(await page.content()).not.toContain(apiKey);
});
