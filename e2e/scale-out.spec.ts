import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { metaInboundText, newWamid } from "../scripts/webhooks/payloads";
import { postWebhook } from "../scripts/webhooks/send";
import { E2E_DATABASE_URL, providerRequests, SECOND_INSTANCE_URL, signIn } from "./support";

/** The demo workspace's Meta number (supabase/seed.sql). */
const DEMO_META = { phoneNumberId: "100000000000003", displayPhoneNumber: "5511900000003" };
const SECRET = "demo-meta-app-secret";

const newPhone = () => `55119${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;

test("two instances and one worker share one database: live updates cross instances, a split burst is stored once, a send runs once", async ({
  browser,
  baseURL,
}) => {
  const first = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: SECRET };
  const second = { ...first, baseUrl: SECOND_INSTANCE_URL };
  const sql = postgres(E2E_DATABASE_URL, { max: 2, onnotice: () => {} });
  try {
    // An agent's browser is connected to the second instance.
    const context = await browser.newContext({ baseURL: SECOND_INSTANCE_URL });
    const page = await context.newPage();
    await signIn(page, "ana@conversa.local");
    await page.waitForTimeout(500); // let the live connection open

    // A webhook received by the first instance appears there without a reload.
    const live = { name: `Instancia ${Date.now().toString(36)}`, from: newPhone() };
    expect((await postWebhook(first, metaInboundText(DEMO_META, { ...live, text: "Olá, chegou?" }))).status).toBe(200);
    const row = page.getByRole("list", { name: "Conversations" }).getByRole("listitem").filter({ hasText: live.name });
    await expect(row).toBeVisible();

    // A burst from three new numbers, each webhook delivered to both instances at once
    // (a provider's retry racing its first delivery): every message once, one contact per number.
    const customers = Array.from({ length: 3 }, () => newPhone());
    const wamids = Array.from({ length: 45 }, () => newWamid());
    const bodies = wamids.map((wamid, i) => {
      const from = customers[i % customers.length] ?? "";
      return metaInboundText(DEMO_META, { from, name: `Rajada ${from.slice(-4)}`, wamid, text: `mensagem ${i}` });
    });
    const answers = await Promise.all(
      bodies.flatMap((body, i) => (i % 2 ? [first, second] : [second, first]).map((t) => postWebhook(t, body))),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    await expect
      .poll(async () => (await sql<{ n: number }[]>`select count(*)::int as n from public.messages where wamid = any(${wamids})`)[0]?.n, {
        timeout: 30_000,
      })
      .toBe(bodies.length);
    const [stored] = await sql<{ contacts: number; conversations: number }[]>`
      select count(distinct c.contact_id)::int as contacts, count(distinct c.id)::int as conversations
      from public.messages m join public.conversations c on c.id = m.conversation_id
      where m.wamid = any(${wamids})`;
    expect(stored).toEqual({ contacts: 3, conversations: 3 });
    // Both deliveries of each webhook were stored and processed; whichever came second changed nothing.
    await expect
      .poll(
        async () =>
          (
            await sql<{ n: number }[]>`
              select count(*)::int as n from public.webhook_events
              where outcome in ('processed', 'duplicate')
                and payload #>> '{entry,0,changes,0,value,messages,0,id}' = any(${wamids})`
          )[0]?.n,
        { timeout: 30_000 },
      )
      .toBe(bodies.length * 2);

    // A reply from the second instance is sent by the worker, once.
    await row.click();
    const text = `Chegou sim ${Date.now().toString(36)}`;
    await page.getByLabel("Message", { exact: true }).fill(text);
    await page.getByLabel("Message", { exact: true }).press("Enter");
    const reply = page.getByTestId("message").filter({ hasText: text });
    await expect(reply.locator("[data-status]")).toHaveAttribute("data-status", "sent");
    await page.waitForTimeout(2_000); // time for a second run of the job, were there one
    const sends = (await providerRequests()).filter((r) => (r.body.text as { body?: string } | undefined)?.body === text);
    expect(sends).toHaveLength(1);
    await context.close();
  } finally {
    await sql.end();
  }
});
