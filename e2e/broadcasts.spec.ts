import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { metaInboundText, metaStatus } from "../scripts/webhooks/payloads";
import { postWebhook } from "../scripts/webhooks/send";
import { E2E_DATABASE_URL, providerRequests, signIn } from "./support";

/** The demo workspace (supabase/seed.sql) and its Meta number, whose account has the approved template retomar_conversa. */
const DEMO_WORKSPACE = "00000000-0000-4000-8000-0000000000a1";
const DEMO_META = { phoneNumberId: "100000000000003", displayPhoneNumber: "5511900000003" };
const SEGMENT = 200;

test("an approved template to a 200-contact segment: every number sent once, statuses and replies arrive, the funnel counts them", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: "demo-meta-app-secret" };
  const tag = `bf-${Date.now().toString(36)}`;
  const base = 10_000_000 + Math.floor(Math.random() * 80_000_000);
  const phones = Array.from({ length: SEGMENT }, (_, i) => `+55119${base + i}`);

  // The segment: 200 contacts with one tag, one more who opted out, as the CRM would hold them.
  const sql = postgres(E2E_DATABASE_URL, { max: 2, onnotice: () => {} });
  try {
    await sql`
      insert into public.contacts (workspace_id, phone_e164, wa_id, name, tags, opted_out_at)
      select ${DEMO_WORKSPACE}, p, substr(p, 2), 'Cliente ' || n, array[${tag}]::text[], null
      from unnest(${phones}::text[]) with ordinality as t(p, n)`;
    await sql`
      insert into public.contacts (workspace_id, phone_e164, wa_id, name, tags, opted_out_at)
      values (${DEMO_WORKSPACE}, ${`+55118${base}`}, ${`55118${base}`}, 'Saiu da lista', array[${tag}]::text[], now())`;
  } finally {
    await sql.end();
  }

  await signIn(page, "admin@conversa.local");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Broadcasts" }).click();
  await expect(page).toHaveURL(/\/broadcasts$/);
  await page.getByRole("link", { name: "New broadcast" }).click();

  const name = `Black Friday ${tag}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("WhatsApp number").selectOption({ label: "Brasil (Meta Cloud API) (+55 11 90000-0003)" });
  await page.getByLabel("Template").selectOption({ label: "retomar_conversa (pt_BR) · utility" });
  await expect(page.getByLabel("{{1}} in the body")).toHaveValue("contact:first_name");
  await page.getByLabel("Fallback").fill("cliente");
  await page.getByLabel("Tag").selectOption(tag);
  // The audience is counted before sending, the opted-out contact left out and shown.
  await expect(page.getByText("Will receive it").locator("..")).toContainText(String(SEGMENT));
  await expect(page.getByText("Opted out (excluded)").locator("..")).toContainText("1");
  await expect(page.getByRole("figure")).toContainText("Olá Cliente! Podemos continuar o seu atendimento?");
  await page.getByRole("button", { name: "Send broadcast" }).click();
  await expect(page).toHaveURL(/\/broadcasts\/[0-9a-f-]{36}$/);

  // Every number of the segment reaches the provider exactly once.
  let sends: { to: string; wamid: string }[] = [];
  await expect(async () => {
    const requests = await providerRequests();
    sends = requests
      .filter((r) => r.body.type === "template" && phones.includes(`+${String(r.body.to)}`) && r.wamid)
      .map((r) => ({ to: String(r.body.to), wamid: r.wamid as string }));
    expect(sends).toHaveLength(SEGMENT);
  }).toPass({ timeout: 180_000 });
  expect(new Set(sends.map((s) => s.to)).size).toBe(SEGMENT);

  // WhatsApp answers: all delivered, half read, 10 failed; 5 customers reply.
  const [failed, rest] = [sends.slice(0, 10), sends.slice(10)];
  for (const s of failed) await postWebhook(target, metaStatus(DEMO_META, { wamid: s.wamid, status: "failed", recipient: s.to }));
  for (const s of rest) await postWebhook(target, metaStatus(DEMO_META, { wamid: s.wamid, status: "delivered", recipient: s.to }));
  const read = rest.slice(0, 100);
  for (const s of read) await postWebhook(target, metaStatus(DEMO_META, { wamid: s.wamid, status: "read", recipient: s.to }));
  for (const s of read.slice(0, 5)) {
    await postWebhook(
      target,
      metaInboundText(DEMO_META, { from: s.to, name: "Cliente", text: "Quero sim!", at: new Date(Date.now() + 2000) }),
    );
  }

  // The page follows by itself: the funnel and the failures by reason.
  const funnel = page.getByRole("img", { name: "Recipients queued, sent, delivered, read and replied" });
  await expect(funnel).toBeVisible();
  const failures = page.getByRole("region", { name: "Failures and skips" });
  await expect(failures.getByRole("row").filter({ hasText: "Re-engagement message" })).toContainText("10", { timeout: 60_000 });
  await expect(page.getByRole("definition").filter({ hasText: /^201$/ })).toBeVisible();
  await page.getByLabel("State").selectOption("replied");
  await expect(page.getByRole("row").filter({ hasText: "Replied" })).toHaveCount(5, { timeout: 30_000 });
  await page.getByLabel("State").selectOption("read");
  await expect(page.getByRole("row").filter({ hasText: "Read" })).toHaveCount(50);
  await expect(page.getByText("Completed")).toBeVisible({ timeout: 60_000 });

  // A reply opens as a normal conversation, marked with the broadcast.
  await page.getByLabel("State").selectOption("replied");
  await page.getByRole("row").filter({ hasText: "Replied" }).first().getByRole("link", { name: "Open" }).click();
  await expect(page.getByRole("link", { name: `From broadcast ${name}` })).toBeVisible();

  // The recipients as a CSV file.
  await page.goBack();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  expect((await download).suggestedFilename()).toMatch(/^broadcast-.*-recipients\.csv$/);
});
