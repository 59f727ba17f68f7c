import { expect, type Page, test } from "@playwright/test";
import { metaInboundText } from "../scripts/webhooks/payloads";
import { postWebhook } from "../scripts/webhooks/send";
import { DEFAULT_FAKE_REPLY } from "../tests/support/fake-openai";
import { FAKE_PROVIDER_URL, providerRequests, signIn } from "./support";

/** The demo workspace's Meta number (supabase/seed.sql); its sends and the model calls go to e2e/fake-provider.ts. */
const DEMO_META = { phoneNumberId: "100000000000003", displayPhoneNumber: "5511900000003" };

/** Flips the switch on the open settings page and saves the form. */
async function setAssistant(page: Page, on: boolean) {
  const toggle = page.getByRole("switch", { name: "AI assistant on" });
  if ((await toggle.getAttribute("aria-checked")) !== String(on)) await toggle.click();
  await page.getByRole("button", { name: "Save assistant settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
}

// The other specs share the demo workspace: leave the assistant off for them.
test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page, "admin@conversa.local");
  await page.goto("/settings/ai");
  await setAssistant(page, false);
  await page.close();
});

test("an admin turns the assistant on and tries it; a customer's message gets an AI reply live; an agent takes over", async ({
  page,
  baseURL,
}) => {
  await signIn(page, "admin@conversa.local");
  await page.goto("/settings/ai");
  await page.getByLabel("API base URL").fill(`${FAKE_PROVIDER_URL}/v1`);
  await page.getByLabel("API key").fill("sk-e2e-secret-key");
  await page.getByLabel("Wait before answering (s)").fill("0");
  await setAssistant(page, true);
  // The key is never shown again, only its end.
  await expect(page.getByText("Stored, ends in …-key")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("sk-e2e-secret-key");

  // The playground answers without sending anything to WhatsApp.
  const sendsBefore = (await providerRequests()).length;
  await page.getByLabel("Customer message").fill("Halo, ada kemeja ukuran XL?");
  await page.getByRole("button", { name: "Try" }).click();
  await expect(page.getByTestId("playground-reply")).toHaveText(DEFAULT_FAKE_REPLY);
  expect((await providerRequests()).length).toBe(sendsBefore);

  // A customer writes: the assistant's reply appears in the open inbox without a reload, labelled as the AI's.
  const customer = { name: `Pelanggan ${Date.now().toString(36)}`, from: `62813${Math.floor(10_000_000 + Math.random() * 89_999_999)}` };
  await page.goto("/inbox");
  await page.waitForTimeout(500); // let the live connection open
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: "demo-meta-app-secret" };
  expect((await postWebhook(target, metaInboundText(DEMO_META, { ...customer, text: "Halo, ada kemeja ukuran XL?" }))).status).toBe(200);
  await page.getByRole("list", { name: "Conversations" }).getByRole("listitem").filter({ hasText: customer.name }).click();
  const aiReply = page.locator('[data-testid="message"][data-sender="ai"]');
  await expect(aiReply).toContainText(DEFAULT_FAKE_REPLY, { timeout: 30_000 });
  await expect(aiReply).toContainText("AI assistant");
  await expect(page.getByTestId("assistant-bar")).toHaveAttribute("data-state", "answering");
  await expect.poll(async () => (await providerRequests()).some((r) => r.body.to === customer.from && r.body.type === "text")).toBe(true);

  // An agent replies: the assistant steps back, and one click gives the conversation back to it.
  await page.getByLabel("Message", { exact: true }).fill("Saya bantu langsung ya kak.");
  await page.getByLabel("Message", { exact: true }).press("Enter");
  await expect(page.getByTestId("assistant-bar")).toHaveAttribute("data-state", "paused");
  await page.getByRole("button", { name: "Turn AI back on" }).click();
  await expect(page.getByTestId("assistant-bar")).toHaveAttribute("data-state", "answering");
});
