import { expect, test } from "@playwright/test";
import { providerRequests, signIn } from "./support";

/**
 * Writing first: a contact typed into the CRM gets the demo Meta number's
 * approved template (supabase/seed.sql: retomar_conversa, "Olá {{1}}! …"),
 * its parameter prefilled with the contact's name, and the agent lands in
 * the new conversation with the message sent through the fake provider.
 */
test("a new conversation started from a contact page with an approved template", async ({ page }) => {
  // Two sends and five page loads on a shared 2-core machine.
  test.slow();
  const name = `Joana ${Date.now().toString(36)}`;
  const subscriber = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  const waId = `55119${subscriber}`;
  await signIn(page, "ana@conversa.local");

  await page.goto("/contacts");
  const create = page.getByRole("dialog", { name: "New contact" });
  // A click before the page has hydrated opens nothing: click until the dialog is open.
  await expect(async () => {
    await page.getByRole("button", { name: "New contact" }).click();
    await expect(create).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await create.getByLabel("WhatsApp number").fill(`+${waId}`);
  await create.getByLabel("Name").fill(name);
  await create.getByRole("button", { name: "Create contact" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await page.getByRole("button", { name: "Send WhatsApp message" }).click();
  const dialog = page.getByRole("dialog", { name: `Message ${name}` });
  await dialog.getByLabel("From WhatsApp number").selectOption({ label: "Brasil (Meta Cloud API)" });
  // Nobody wrote from this number yet: templates only, and only approved ones.
  await expect(dialog).toContainText("only allows an approved template");
  const template = dialog.getByLabel("Template", { exact: true });
  await expect(template).toContainText("retomar_conversa");
  await expect(template).not.toContainText("promo_black_friday");
  // Other journeys may have approved templates of their own on this number: pick the demo's.
  await template.selectOption({ label: "retomar_conversa (pt_BR)" });
  await expect(dialog.getByLabel("body {{1}}", { exact: true })).toHaveValue(name);
  await expect(dialog.getByTestId("template-preview")).toContainText(`Olá ${name}! Podemos continuar o seu atendimento?`);
  await dialog.getByRole("button", { name: "Send" }).click();

  await expect(page).toHaveURL(/\/inbox\/[0-9a-f-]{36}$/);
  const sent = page.getByTestId("message").filter({ hasText: `Olá ${name}! Podemos continuar o seu atendimento?` });
  await expect(sent.locator("[data-status]")).toHaveAttribute("data-status", "sent");
  const request = (await providerRequests()).find((r) => r.body.to === waId && r.body.type === "template");
  expect(request?.body.template).toMatchObject({
    name: "retomar_conversa",
    language: { code: "pt_BR" },
    components: [{ type: "body", parameters: [{ type: "text", text: name }] }],
  });

  // Starting again from the contact reuses that conversation (the demo's template again: on a database other
  // journeys used, the first one offered may have parameters nothing fills, and Send would wait for them).
  const conversationUrl = page.url();
  await page.goBack();
  await page.getByRole("button", { name: "Send WhatsApp message" }).click();
  await dialog.getByLabel("From WhatsApp number").selectOption({ label: "Brasil (Meta Cloud API)" });
  await template.selectOption({ label: "retomar_conversa (pt_BR)" });
  await expect(dialog.getByLabel("body {{1}}", { exact: true })).toHaveValue(name);
  await dialog.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(conversationUrl);
});

test("the inbox's New conversation writes to a typed number", async ({ page }) => {
  const subscriber = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  await signIn(page, "ana@conversa.local");
  await page.getByRole("button", { name: "New conversation" }).click();
  const dialog = page.getByRole("dialog", { name: "New conversation" });
  await dialog.getByLabel("Or a WhatsApp number").fill(`+55 11 9${subscriber.slice(1)}`);
  await dialog.getByRole("button", { name: "Next" }).click();
  const compose = page.getByTestId("start-conversation-form");
  await page.getByLabel("From WhatsApp number").selectOption({ label: "Brasil (Meta Cloud API)" });
  await compose.getByLabel("body {{1}}", { exact: true }).fill("Cliente");
  await compose.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(/\/inbox\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("message").filter({ hasText: "Olá Cliente!" })).toBeVisible();
});
