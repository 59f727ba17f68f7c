import { expect, type Page, test } from "@playwright/test";
import postgres from "postgres";
import { metaInboundText } from "../scripts/webhooks/payloads";
import { postWebhook } from "../scripts/webhooks/send";
import { E2E_DATABASE_URL, signIn } from "./support";

/** The demo workspace's Meta number (supabase/seed.sql). */
const DEMO_META = { phoneNumberId: "100000000000003", displayPhoneNumber: "5511900000003" };

const conversationRow = (page: Page, name: string) =>
  page.getByRole("list", { name: "Conversations" }).getByRole("listitem").filter({ hasText: name });

test("a snoozed conversation leaves Open, waits under Snoozed with its wake time, and wakes into Open live", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: "demo-meta-app-secret" };
  const customer = { name: `Soneca ${Date.now().toString(36)}`, from: `55119${Math.floor(10_000_000 + Math.random() * 89_999_999)}` };

  await signIn(page, "ana@conversa.local");
  await page.waitForTimeout(500); // let the live connection open
  expect((await postWebhook(target, metaInboundText(DEMO_META, { ...customer, text: "Me responde amanhã?" }))).status).toBe(200);
  await conversationRow(page, customer.name).click();
  await expect(page.getByRole("list", { name: "Messages" })).toContainText("Me responde amanhã?");

  // Snooze for an hour from the menu: the presets show their wake time on the workspace's clock.
  await page.getByRole("button", { name: "Snooze" }).click();
  const menu = page.getByRole("menu", { name: "Status and snooze" });
  await expect(menu.getByRole("menuitem", { name: /Tomorrow morning/ })).toContainText(/\d\d:\d\d/);
  await menu.getByRole("menuitem", { name: /1 hour/ }).click();
  await expect(page.getByTestId("conversation-status")).toContainText("Snoozed");
  await expect(page.getByTestId("activity-line").filter({ hasText: /Snoozed until .* by you/ })).toBeVisible();

  // It left Open and waits under Snoozed, with its wake time on the row.
  await expect(conversationRow(page, customer.name)).toHaveCount(0);
  await page.getByRole("tab", { name: "Snoozed" }).click();
  await expect(conversationRow(page, customer.name).getByTestId("status-marker")).toContainText(/Snoozed · (Today|Tomorrow) \d\d:\d\d/);

  // Its time comes (moved in the database instead of waiting an hour: ten seconds from now, so the Open list
  // below loads before the wake); the minute's job then wakes it.
  const sql = postgres(E2E_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await sql`update public.conversations c set snoozed_until = now() + interval '10 seconds'
              from public.contacts k
              where k.id = c.contact_id and k.wa_id = ${customer.from} and c.status = 'snoozed'`;
  } finally {
    await sql.end();
  }
  // The Open list first loads without it (until then the Snoozed list, still shown while loading, has the row);
  // then the minute's job wakes it, and the open thread and the list follow live.
  await page.getByRole("tab", { name: "Open" }).click();
  await expect(conversationRow(page, customer.name)).toHaveCount(0);
  await expect(page.getByTestId("activity-line").filter({ hasText: "The snooze ended: open again" })).toBeVisible({ timeout: 150_000 });
  await expect(conversationRow(page, customer.name)).toBeVisible();
  await expect(page.getByRole("button", { name: "Resolve" })).toBeVisible();
  await expect(page.getByTestId("conversation-status")).toHaveCount(0);
});
