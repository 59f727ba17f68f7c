import { expect, test } from "@playwright/test";
import { metaInboundText } from "../scripts/webhooks/payloads";
import { postWebhook } from "../scripts/webhooks/send";
import { providerRequests, signIn } from "./support";

const DEMO_META = { phoneNumberId: "100000000000003", displayPhoneNumber: "5511900000003" };

test("a send that cannot reach the server is kept with Retry, the composer stays usable, and a draft survives a reload", async ({
  page,
  baseURL,
}) => {
  const customer = { name: `Offline ${Date.now().toString(36)}`, from: `55118${Math.floor(10_000_000 + Math.random() * 89_999_999)}` };
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: "demo-meta-app-secret" };
  expect((await postWebhook(target, metaInboundText(DEMO_META, { ...customer, text: "Ainda tem?" }))).status).toBe(200);

  await signIn(page, "admin@conversa.local");
  await page.getByRole("list", { name: "Conversations" }).getByRole("listitem").filter({ hasText: customer.name }).click();
  const box = page.getByLabel("Message", { exact: true });

  // A half-written reply is still there after a reload.
  await box.fill("Vou verificar o estoque");
  await page.reload();
  await expect(box).toHaveValue("Vou verificar o estoque");

  // The network drops: the message is marked not sent, with Retry; the composer is free again.
  await page.context().setOffline(true);
  await box.press("Enter");
  const bubble = page.getByTestId("message").filter({ hasText: "Vou verificar o estoque" });
  await expect(bubble.getByRole("alert")).toContainText("Not sent");
  await expect(box).toHaveValue("");
  await expect(box).toBeEditable();
  await box.fill("Um momento");
  await expect(page.getByRole("button", { name: "Send" })).toBeEnabled();
  await box.fill("");

  // Back online, Retry sends it once.
  await page.context().setOffline(false);
  await bubble.getByRole("button", { name: "Retry" }).click();
  await expect(bubble.locator("[data-status]")).toHaveAttribute("data-status", "sent");
  await expect(bubble.getByRole("alert")).toHaveCount(0);
  await expect
    .poll(async () => (await providerRequests()).filter((r) => r.body.to === customer.from && r.body.type === "text").length)
    .toBe(1);
  await page.reload();
  await expect(page.getByTestId("message").filter({ hasText: "Vou verificar o estoque" })).toHaveCount(1);
});

test("while the network is gone the inbox says so, and it catches up as soon as the network returns", async ({ page, baseURL }) => {
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: "demo-meta-app-secret" };
  await signIn(page, "admin@conversa.local");
  const notice = page.getByTestId("connection-notice");
  await expect(notice).toHaveAttribute("data-status", "live");

  await page.context().setOffline(true);
  await expect(notice).toContainText(/offline|Reconnecting/);
  // Long enough for the reconnect backoff to grow past several seconds.
  await page.waitForTimeout(8_000);
  const customer = { name: `Back ${Date.now().toString(36)}`, from: `55117${Math.floor(10_000_000 + Math.random() * 89_999_999)}` };
  expect((await postWebhook(target, metaInboundText(DEMO_META, { ...customer, text: "Alô?" }))).status).toBe(200);

  await page.context().setOffline(false);
  // Caught up on the browser's "online" event, not at the end of the backoff (up to 16 s here).
  await expect(page.getByRole("list", { name: "Conversations" }).getByRole("listitem").filter({ hasText: customer.name })).toBeVisible({
    timeout: 5_000,
  });
  await expect(notice).toHaveAttribute("data-status", "live");
  await expect(notice).toHaveText("");
});
