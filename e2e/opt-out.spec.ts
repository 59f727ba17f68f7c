import { expect, test } from "@playwright/test";
import { metaInboundText } from "../scripts/webhooks/payloads";
import { postWebhook } from "../scripts/webhooks/send";
import { signIn } from "./support";

/** The demo workspace's Meta number (supabase/seed.sql). */
const DEMO_META = { phoneNumberId: "100000000000003", displayPhoneNumber: "5511900000003" };

test("a STOP reply marks the contact opted out, shown on the contact and in the inbox; an admin opts them back in", async ({
  page,
  baseURL,
}) => {
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: "demo-meta-app-secret" };
  const name = `Parou ${Date.now().toString(36)}`;
  const from = `55119${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
  expect((await postWebhook(target, metaInboundText(DEMO_META, { from, name, text: "Oi, quero saber o preço" }))).status).toBe(200);
  // A stop word inside a sentence is not one.
  expect((await postWebhook(target, metaInboundText(DEMO_META, { from, name, text: "não pare de me avisar" }))).status).toBe(200);
  expect((await postWebhook(target, metaInboundText(DEMO_META, { from, name, text: "Parar" }))).status).toBe(200);

  // An agent sees it, in the inbox and on the contact, but cannot reverse it.
  await signIn(page, "ana@conversa.local");
  await page.getByLabel("Search conversations").fill(name);
  await page.getByRole("list", { name: "Conversations" }).getByRole("listitem").filter({ hasText: name }).click();
  await expect(page.getByText("Opted out of broadcasts since").first()).toBeVisible();
  // The inbox keeps working for them.
  await page.getByLabel("Message", { exact: true }).fill("Tudo bem, não enviaremos mais promoções.");
  await page.getByLabel("Message", { exact: true }).press("Enter");
  await expect(page.getByTestId("message").filter({ hasText: "não enviaremos mais promoções" })).toBeVisible();

  await page.getByRole("link", { name: "Open contact page" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const optOut = page.getByTestId("opt-out");
  await expect(optOut).toContainText("Opted out of broadcasts since");
  await expect(optOut).toContainText("They wrote a stop word (“Parar”)");
  await expect(optOut.getByRole("button", { name: "Opt back in to broadcasts" })).toHaveCount(0);
  await expect(page.locator('[data-testid="timeline-item"][data-kind="opted_out"]')).toHaveCount(1);
  const contactUrl = page.url();

  await page.context().clearCookies();
  await signIn(page, "admin@conversa.local");
  await page.goto(contactUrl);
  await page.getByTestId("opt-out").getByRole("button", { name: "Opt back in to broadcasts" }).click();
  await expect(page.getByTestId("opt-out")).toContainText("Receives broadcasts");
  await expect(page.locator('[data-testid="timeline-item"][data-kind="opted_in"]')).toHaveCount(1);
});
