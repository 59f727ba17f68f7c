import { expect, test } from "@playwright/test";
import { approveFakeTemplate } from "./fake-templates";
import { FAKE_PROVIDER_URL, signIn } from "./support";

/** The demo workspace's Meta number (supabase/seed.sql): its template API is e2e/fake-templates.ts. */
const DEMO_META_WEBHOOK = { provider: "meta" as const, secret: "demo-meta-app-secret" };

test("an admin creates a template, WhatsApp approves it, and the page shows it approved", async ({ page, baseURL }) => {
  const name = `pedido_enviado_${Date.now().toString(36)}`;
  await signIn(page, "admin@conversa.local");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Templates" }).click();
  await expect(page).toHaveURL(/\/templates$/);
  await page.getByRole("link", { name: "New template" }).click();

  await page.getByLabel("Number", { exact: true }).selectOption({ label: "+55 11 90000-0003 · Brasil (Meta Cloud API)" });
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Language").selectOption("pt_BR");
  await page.getByLabel("Category").selectOption("UTILITY");
  await page.getByLabel("Body", { exact: true }).fill("Olá {{1}}, seu pedido {{2}} foi enviado.");
  await page.getByLabel("Body {{1}}").fill("Ana");
  await page.getByLabel("Body {{2}}").fill("#4521");
  await page.getByLabel("Footer (optional)").fill("Loja Demo");
  await page.getByRole("button", { name: "Quick reply" }).click();
  await page.getByLabel("Label", { exact: true }).fill("Falar com atendente");

  // The live preview shows the examples as the customer would read them.
  const preview = page.getByRole("figure", { name: "Preview as the customer sees it" });
  await expect(preview).toContainText("Olá Ana, seu pedido #4521 foi enviado.");
  await expect(preview).toContainText("Falar com atendente");

  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText("In review", { exact: true })).toBeVisible();

  // What reached the provider: Meta's create body, with the examples.
  const submitted = (await (await fetch(`${FAKE_PROVIDER_URL}/__templates`)).json()) as { name: string; components: unknown[] }[];
  expect(submitted.find((t) => t.name === name)?.components).toContainEqual({
    type: "BODY",
    text: "Olá {{1}}, seu pedido {{2}} foi enviado.",
    example: { body_text: [["Ana", "#4521"]] },
  });

  // Meta approves it: the status webhook arrives, and the open page updates by itself.
  await approveFakeTemplate({ baseUrl: baseURL ?? "", ...DEMO_META_WEBHOOK }, name);
  await expect(page.getByText("Approved", { exact: true })).toBeVisible({ timeout: 30_000 });

  await page.goto("/templates?status=APPROVED");
  await expect(page.getByRole("link", { name }).first()).toBeVisible();
});

test("a second template of the same name is refused with WhatsApp's reason under Details", async ({ page }) => {
  const name = `duplicado_${Date.now().toString(36)}`;
  await signIn(page, "admin@conversa.local");
  for (const attempt of [1, 2]) {
    await page.goto("/templates/new");
    await page.getByLabel("Number", { exact: true }).selectOption({ label: "+55 11 90000-0003 · Brasil (Meta Cloud API)" });
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Body", { exact: true }).fill("Obrigado pela compra!");
    await page.getByRole("button", { name: "Submit for review" }).click();
    if (attempt === 1) await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);
  }
  await expect(page.getByRole("alert").first()).toHaveText(/WhatsApp refused this template/);
  await expect(page.getByText(/already exists/)).toBeVisible();
});

test("agents see the templates but cannot create one", async ({ page }) => {
  await signIn(page, "ana@conversa.local");
  await page.goto("/templates");
  await expect(page.getByRole("heading", { name: "Templates" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New template" })).toHaveCount(0);
  await page.goto("/templates/new");
  await expect(page.getByText("Only admins create templates")).toBeVisible();
});
