import { expect, type Page, test } from "@playwright/test";
import { metaInboundText, metaStatus } from "../scripts/webhooks/payloads";
import { postWebhook } from "../scripts/webhooks/send";
import { providerRequests, signIn } from "./support";

/** The demo workspace's Meta number (supabase/seed.sql); its API calls go to e2e/fake-provider.ts. */
const DEMO_META = { phoneNumberId: "100000000000003", displayPhoneNumber: "5511900000003" };

function newCustomer(label: string) {
  return {
    name: `${label} ${Date.now().toString(36)}`,
    from: `55119${Math.floor(10_000_000 + Math.random() * 89_999_999)}`,
  };
}

const conversationRow = (page: Page, name: string) =>
  page.getByRole("list", { name: "Conversations" }).getByRole("listitem").filter({ hasText: name });

test("a reply goes pending → sent → delivered → read, live for a second agent; a new number appears at the top unread", async ({
  page,
  browser,
  baseURL,
}) => {
  // Two agents signed in, each step a round trip on a shared 2-core machine.
  test.slow();
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: "demo-meta-app-secret" };
  const customer = newCustomer("Cliente");

  await signIn(page, "admin@conversa.local");
  const agentContext = await browser.newContext();
  const agentPage = await agentContext.newPage();
  await signIn(agentPage, "ana@conversa.local");

  // A webhook from a new number: the conversation appears at the top, unread, without a reload.
  await page.waitForTimeout(500); // let the live connection open
  expect((await postWebhook(target, metaInboundText(DEMO_META, { ...customer, text: "Oi! Tem em azul?" }))).status).toBe(200);
  const row = conversationRow(page, customer.name);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("unread-badge")).toHaveText(/1/);
  await expect(page.getByTestId("conversation-row").first()).toContainText(customer.name);

  await conversationRow(agentPage, customer.name).click();
  await expect(agentPage.getByRole("list", { name: "Messages" })).toContainText("Oi! Tem em azul?");

  // Opening it reads it (badge gone) and sends WhatsApp a read receipt.
  await row.click();
  await expect(page.getByRole("list", { name: "Messages" })).toContainText("Oi! Tem em azul?");
  await expect(row.getByTestId("unread-badge")).toHaveCount(0);
  await expect.poll(async () => (await providerRequests()).some((r) => r.body.status === "read")).toBe(true);

  await page.getByLabel("Message", { exact: true }).fill("Temos sim! Quer que eu reserve?");
  await page.getByLabel("Message", { exact: true }).press("Enter");
  const reply = page.getByTestId("message").filter({ hasText: "Temos sim! Quer que eu reserve?" });
  await expect(reply).toHaveCount(1);
  await expect(reply.locator("[data-status]")).toHaveAttribute("data-status", /pending|sent/);
  await expect(reply.locator("[data-status]")).toHaveAttribute("data-status", "sent");

  const sent = (await providerRequests()).find((r) => r.body.to === customer.from && r.body.type === "text");
  expect(sent?.body).toMatchObject({ messaging_product: "whatsapp", text: { body: "Temos sim! Quer que eu reserve?" } });
  const wamid = String(sent?.wamid);

  // The second agent sees the reply without reloading.
  await expect(agentPage.getByTestId("message").filter({ hasText: "Temos sim! Quer que eu reserve?" })).toBeVisible();

  for (const status of ["delivered", "read"] as const) {
    expect((await postWebhook(target, metaStatus(DEMO_META, { wamid, status, recipient: customer.from }))).status).toBe(200);
    await expect(reply.locator("[data-status]")).toHaveAttribute("data-status", status);
  }
  await expect(
    agentPage.getByTestId("message").filter({ hasText: "Temos sim! Quer que eu reserve?" }).locator("[data-status]"),
  ).toHaveAttribute("data-status", "read");
  await agentContext.close();
});

test("outside the 24-hour window the composer offers approved templates, and a template is sent", async ({ page, baseURL }) => {
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: "demo-meta-app-secret" };
  const customer = newCustomer("Antigo");
  const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
  expect((await postWebhook(target, metaInboundText(DEMO_META, { ...customer, text: "Vocês abrem sábado?", at: twoDaysAgo }))).status).toBe(
    200,
  );

  await signIn(page, "admin@conversa.local");
  await page.getByLabel("Search conversations").fill(customer.name);
  await conversationRow(page, customer.name).click();
  await expect(page.getByTestId("window-state")).toHaveText("24-hour window closed");
  const picker = page.getByTestId("template-picker");
  await expect(picker).toBeVisible();
  await expect(page.getByLabel("Message", { exact: true })).toHaveCount(0);
  // Only approved templates of this number's account are offered.
  await expect(picker.getByRole("combobox", { name: "Template" })).toContainText("retomar_conversa");
  await expect(picker.getByRole("combobox", { name: "Template" })).not.toContainText("promo_black_friday");

  await picker.getByLabel("body {{1}}").fill("Joana");
  await expect(picker).toContainText("Olá Joana! Podemos continuar o seu atendimento?");
  await picker.getByRole("button", { name: "Send template" }).click();
  const sentTemplate = page.getByTestId("message").filter({ hasText: "Olá Joana! Podemos continuar o seu atendimento?" });
  await expect(sentTemplate.locator("[data-status]")).toHaveAttribute("data-status", "sent");
  const request = (await providerRequests()).find((r) => r.body.to === customer.from && r.body.type === "template");
  expect(request?.body.template).toMatchObject({
    name: "retomar_conversa",
    language: { code: "pt_BR" },
    components: [{ type: "body", parameters: [{ type: "text", text: "Joana" }] }],
  });

  // Internal notes stay in the thread and never reach WhatsApp.
  await page.getByRole("tab", { name: "Internal note" }).click();
  await page.getByLabel("Internal note").fill("Cliente antigo, oferecer frete grátis");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByTestId("note").filter({ hasText: "oferecer frete grátis" })).toBeVisible();
  expect((await providerRequests()).some((r) => JSON.stringify(r.body).includes("frete grátis"))).toBe(false);
});
