import { expect, test } from "@playwright/test";
import { metaInboundText, metaStatus, newWamid } from "../scripts/webhooks/payloads";
import { postWebhook } from "../scripts/webhooks/send";
import { signIn } from "./support";

/** The demo workspace's Meta number (supabase/seed.sql). */
const DEMO_META = { phoneNumberId: "100000000000003", displayPhoneNumber: "5511900000003" };

test("a signed webhook lands in the inbox and the admin's webhook log, and replays as a duplicate", async ({ page, baseURL }) => {
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: "demo-meta-app-secret" };
  const name = `Cliente ${Date.now().toString(36)}`;
  const from = `55119${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
  const accepted = await postWebhook(target, metaInboundText(DEMO_META, { from, name, text: "Oi! Vocês entregam em Campinas?" }));
  expect(accepted.status).toBe(200);

  const refused = await postWebhook({ ...target, secret: "wrong-secret" }, metaInboundText(DEMO_META, { from, text: "forged" }));
  expect(refused.status).toBe(401);
  // A status for a message we never stored is kept, answered 200.
  expect((await postWebhook(target, metaStatus(DEMO_META, { wamid: newWamid(), status: "delivered", recipient: from }))).status).toBe(200);

  await signIn(page, "admin@conversa.local");
  const conversation = page.getByRole("list", { name: "Conversations" }).getByRole("listitem").filter({ hasText: name });
  await expect(async () => {
    await page.reload();
    await expect(conversation).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(conversation).toContainText("Vocês entregam em Campinas?");
  await expect(conversation).toContainText("1 unread");

  await page.goto("/settings/webhooks");
  await expect(page.getByRole("link", { name: "Invalid signature" })).toBeVisible();
  await page.goto("/settings/webhooks?outcome=processed");
  await page.getByRole("row").nth(1).getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: /^Event #\d+$/ })).toBeVisible();
  await page.getByRole("button", { name: "Replay" }).click();
  await expect(page.getByRole("status")).toHaveText("Replayed: duplicate.");
});

test("an agent cannot open the webhook log", async ({ page }) => {
  await signIn(page, "ana@conversa.local");
  await page.goto("/settings/webhooks");
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
});
