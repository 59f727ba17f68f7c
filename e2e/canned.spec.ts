import { expect, type Page, test } from "@playwright/test";
import { metaInboundText } from "../scripts/webhooks/payloads";
import { postWebhook } from "../scripts/webhooks/send";
import { providerRequests, signIn } from "./support";

/** The demo workspace's Meta number (supabase/seed.sql); its API calls go to e2e/fake-provider.ts. */
const DEMO_META = { phoneNumberId: "100000000000003", displayPhoneNumber: "5511900000003" };

/** Settings' "New response" form (a click before the page has hydrated opens nothing: clicked until the form is there). */
async function openNewResponse(page: Page) {
  await page.goto("/settings/canned-responses");
  await expect(async () => {
    await page.getByRole("button", { name: "New response" }).click({ timeout: 2_000 });
    await expect(page.getByLabel("Code", { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass();
}

/** Opens the customer's conversation, types `code` in an empty composer and waits for the picker to offer that response. */
async function typeCannedCode(page: Page, customerName: string, code: string) {
  await page.goto("/inbox");
  await page.getByRole("list", { name: "Conversations" }).getByRole("listitem").filter({ hasText: customerName }).click();
  const composer = page.getByLabel("Message", { exact: true });
  await composer.fill("");
  await composer.pressSequentially(code);
  const picker = page.getByRole("listbox", { name: "Canned responses" });
  await expect(picker.getByRole("option", { selected: true })).toContainText(code);
  return { composer, picker };
}

test("a canned response made in settings is inserted with /code in the composer, the contact's name filled, and sent", async ({
  page,
  baseURL,
}) => {
  const suffix = Date.now().toString(36);
  const code = `/thx${suffix}`;
  const customer = { name: `Mariana ${suffix}`, from: `55119${Math.floor(10_000_000 + Math.random() * 89_999_999)}` };
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: "demo-meta-app-secret" };
  expect((await postWebhook(target, metaInboundText(DEMO_META, { ...customer, text: "Chegou meu pedido!" }))).status).toBe(200);

  await signIn(page, "admin@conversa.local");
  await openNewResponse(page);
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByLabel("Title", { exact: true }).fill("Thanks");
  await page.getByLabel("Text", { exact: true }).fill("Obrigado, {{contact.first_name}}! Qualquer coisa, estamos aqui.");
  await page.getByRole("button", { name: "Add response" }).click();
  await expect(page.getByTestId("canned-row").filter({ hasText: code })).toContainText("Workspace");

  const { composer, picker } = await typeCannedCode(page, customer.name, code);
  await expect(composer).toHaveAttribute("aria-expanded", "true");
  await composer.press("Enter");
  await expect(picker).toHaveCount(0);
  const text = `Obrigado, Mariana! Qualquer coisa, estamos aqui.`;
  await expect(composer).toHaveValue(text);

  await composer.press("Enter");
  await expect(page.getByTestId("message").filter({ hasText: text })).toHaveCount(1);
  await expect
    .poll(async () => (await providerRequests()).some((r) => r.body.to === customer.from && JSON.stringify(r.body).includes(text)))
    .toBe(true);

  // The send counted a use (recorded just after the send: the page is reloaded until it shows).
  await expect
    .poll(async () => {
      await page.goto("/settings/canned-responses");
      return page.getByTestId("canned-row").filter({ hasText: code }).textContent();
    })
    .toContain("Used 1 time");
});

test("a canned response with a file attaches it on insert, and the reply goes to WhatsApp as that document with the text as caption", async ({
  page,
  baseURL,
}) => {
  // Settings, the inbox and a file's round trips on a shared 2-core machine.
  test.slow();
  const suffix = Date.now().toString(36);
  const code = `/cat${suffix}`;
  const filename = `catalogo-${suffix}.pdf`;
  const pdf = `%PDF-1.4\n% catalogue ${suffix}\n%%EOF\n`;
  const customer = { name: `Renata ${suffix}`, from: `55119${Math.floor(10_000_000 + Math.random() * 89_999_999)}` };
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: "demo-meta-app-secret" };
  expect((await postWebhook(target, metaInboundText(DEMO_META, { ...customer, text: "Tem catálogo?" }))).status).toBe(200);

  await signIn(page, "admin@conversa.local");
  await openNewResponse(page);
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByLabel("Title", { exact: true }).fill("Catalogue");
  await page.getByLabel("Text", { exact: true }).fill("Segue o catálogo, {{contact.first_name}}.");
  await page.getByLabel("File (optional)").setInputFiles({ name: filename, mimeType: "application/pdf", buffer: Buffer.from(pdf) });
  await page.getByRole("button", { name: "Add response" }).click();
  await expect(page.getByTestId("canned-row").filter({ hasText: code }).getByTestId("canned-attachment")).toContainText(filename);

  const { composer } = await typeCannedCode(page, customer.name, code);
  await composer.press("Enter");
  const caption = "Segue o catálogo, Renata.";
  await expect(composer).toHaveValue(caption);
  // The response's file, fetched from /api/canned/<id>/attachment, is attached as if chosen with the paperclip.
  await expect(page.getByText(`${filename} · 1 KB`)).toBeVisible();

  await composer.press("Enter");
  // The thread shows a document by its file name (message-bubble.tsx).
  await expect(page.getByTestId("message").filter({ hasText: filename })).toHaveCount(1);
  // WhatsApp gets the file's bytes, then a document message naming the uploaded media, captioned with the text.
  await expect
    .poll(async () => {
      const requests = await providerRequests();
      const upload = requests.find((r) => r.path.endsWith("/media") && r.body.filename === filename);
      const sent = requests.find((r) => r.body.to === customer.from && r.body.type === "document");
      return { upload: upload?.body.text, sent: sent?.body.document, uploadedId: upload?.body.id };
    })
    .toEqual({ upload: pdf, sent: expect.objectContaining({ id: expect.any(String), caption }), uploadedId: expect.any(String) });
  const requests = await providerRequests();
  const uploadedId = requests.find((r) => r.path.endsWith("/media") && r.body.filename === filename)?.body.id;
  expect(requests.find((r) => r.body.to === customer.from && r.body.type === "document")?.body.document).toMatchObject({
    id: uploadedId,
    filename,
  });
});
