import { randomUUID } from "node:crypto";
import { type Browser, expect, type Page, test } from "@playwright/test";
import postgres from "postgres";
import { metaInboundText } from "../scripts/webhooks/payloads";
import { postWebhook } from "../scripts/webhooks/send";
import { E2E_DATABASE_URL, signIn } from "./support";

const PASSWORD = "notify-e2e-password";

/** A workspace of its own: admin Ana, agent Bea, one Meta number. */
async function workspace(sql: postgres.Sql) {
  const tag = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36);
  const workspaceId = randomUUID();
  const ana = { id: randomUUID(), email: `notify-${tag}-ana@example.com`, name: "Ana Admin" };
  const bea = { id: randomUUID(), email: `notify-${tag}-bea@example.com`, name: "Bea Notified" };
  for (const user of [ana, bea]) {
    await sql`insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
              values ('00000000-0000-0000-0000-000000000000', ${user.id}, 'authenticated', 'authenticated', ${user.email},
                      extensions.crypt(${PASSWORD}, extensions.gen_salt('bf', 4)), now(), '{"provider":"email"}', ${sql.json({ full_name: user.name })})`;
  }
  await sql`insert into public.workspaces (id, name, slug, default_country, created_by)
            values (${workspaceId}, ${`Notify ${tag}`}, ${`notify-${tag}`}, 'BR', ${ana.id})`;
  await sql`insert into public.workspace_members (workspace_id, user_id, role)
            values (${workspaceId}, ${ana.id}, 'owner'), (${workspaceId}, ${bea.id}, 'agent')`;
  const number = { phoneNumberId: String(3e14 + Math.floor(Math.random() * 1e14)), displayPhoneNumber: "5511900000077" };
  const secret = `notify-secret-${tag}`;
  await sql`insert into public.whatsapp_channels (workspace_id, provider, phone_number_id, waba_id, display_phone_number, name, webhook_secret)
            values (${workspaceId}, 'meta', ${number.phoneNumberId}, ${`waba-${tag}`}, '+55 11 90000-0077', 'Notify line', ${secret})`;
  return { workspaceId, ana, bea, number, secret };
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, PASSWORD);
  return page;
}

/** A conversation of Carla's (a customer message through the webhook): its id once processed, her number and the webhook target. */
async function conversationOf(sql: postgres.Sql, w: Awaited<ReturnType<typeof workspace>>, baseURL: string | undefined) {
  const from = `55119${String(80_000_000 + Math.floor(Math.random() * 9_000_000))}`;
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: w.secret };
  expect((await postWebhook(target, metaInboundText(w.number, { name: "Carla Cliente", from, text: "Olá" }))).status).toBe(200);
  let id = "";
  await expect
    .poll(async () => {
      const [row] = await sql<{ id: string }[]>`select id from public.conversations where workspace_id = ${w.workspaceId}`;
      id = row?.id ?? "";
      return id;
    })
    .not.toBe("");
  return { id, from, target };
}

test("Bea, mentioned by Ana in a note, sees her bell count rise live, opens the note from it, and marks all read", async ({
  browser,
  baseURL,
}) => {
  const sql = postgres(E2E_DATABASE_URL, { max: 2, onnotice: () => {} });
  try {
    const w = await workspace(sql);
    const { id: conversationId, from, target } = await conversationOf(sql, w, baseURL);

    const bea = await signedIn(browser, w.bea.email);
    const bell = bea.getByTestId("notification-bell").filter({ visible: true });
    // The new conversation in her queue is already there.
    await expect(bell).toHaveAccessibleName("Notifications, 1 unread");
    await expect(bea).toHaveTitle(/^\(1\) /);

    const ana = await signedIn(browser, w.ana.email);
    await ana.goto(`/inbox/${conversationId}`);
    await expect(async () => {
      await ana.getByRole("tab", { name: "Internal note" }).click();
      await expect(ana.getByRole("tab", { name: "Internal note" })).toHaveAttribute("aria-selected", "true", { timeout: 1_000 });
    }).toPass();
    const box = ana.getByLabel("Internal note");
    await box.fill("Pode ver isto, ");
    await box.pressSequentially("@Be");
    const picker = ana.getByTestId("mention-picker");
    await expect(picker.getByRole("option", { name: "Bea Notified" })).toBeVisible();
    await box.press("Enter");
    await expect(picker).toBeHidden();
    await box.pressSequentially("por favor?");
    await expect(box).toHaveValue("Pode ver isto, @Bea Notified por favor?");
    await box.press("Enter");
    const sentNote = ana.getByTestId("note").filter({ hasText: "por favor?" });
    await expect(sentNote.getByTestId("mention")).toHaveText("@Bea Notified");

    // Live: no reload on Bea's side.
    await expect(bell).toHaveAccessibleName("Notifications, 2 unread");
    await expect(bea.getByTestId("inbox-unread").filter({ visible: true })).toHaveText(/2/);
    await expect(bea).toHaveTitle(/^\(2\) /);

    await bell.click();
    const panel = bea.getByTestId("notification-panel");
    const mention = panel.getByTestId("notification").filter({ hasText: "Ana Admin mentioned you" });
    await expect(mention).toContainText("Pode ver isto, @Bea Notified por favor?");
    await mention.click();
    await expect(bea).toHaveURL(new RegExp(`/inbox/${conversationId}#message-`));
    const note = bea.getByTestId("note").filter({ hasText: "por favor?" });
    await expect(note).toBeInViewport();
    await expect(note.getByTestId("mention")).toHaveText("@Bea Notified");
    // Opening the conversation read the other one about it (new in her queue) too, live.
    await expect(bell).toHaveAccessibleName("Notifications");

    // Another customer: a new conversation in her queue, without a reload.
    expect(
      (
        await postWebhook(
          target,
          metaInboundText(w.number, { name: "Dora", from: `${from.slice(0, -1)}${(Number(from.at(-1)) + 1) % 10}`, text: "Oi" }),
        )
      ).status,
    ).toBe(200);
    await expect(bell).toHaveAccessibleName("Notifications, 1 unread");
    await bell.click();
    await panel.getByRole("button", { name: "Mark all read" }).click();
    await expect(bell).toHaveAccessibleName("Notifications");
    await expect(bea).not.toHaveTitle(/^\(\d+\) /);
    await expect
      .poll(async () => (await sql`select 1 from public.notifications where user_id = ${w.bea.id} and read_at is null`).length)
      .toBe(0);
  } finally {
    await sql.end();
  }
});

test("a note's mentions are kept with its draft across a reload; one whose @name was edited away mentions nobody", async ({
  browser,
  baseURL,
}) => {
  const sql = postgres(E2E_DATABASE_URL, { max: 2, onnotice: () => {} });
  try {
    const w = await workspace(sql);
    const { id: conversationId } = await conversationOf(sql, w, baseURL);
    const ana = await signedIn(browser, w.ana.email);
    await ana.goto(`/inbox/${conversationId}`);
    const noteTab = ana.getByRole("tab", { name: "Internal note" });
    const writeNote = () =>
      expect(async () => {
        await noteTab.click();
        await expect(noteTab).toHaveAttribute("aria-selected", "true", { timeout: 1_000 });
      }).toPass();
    const box = ana.getByLabel("Internal note");
    const mentionBea = async () => {
      await box.pressSequentially("@Be");
      await expect(ana.getByTestId("mention-picker").getByRole("option", { name: "Bea Notified" })).toBeVisible();
      await box.press("Enter");
    };
    const mentionsOfBea = async () =>
      (await sql`select 1 from public.notifications where user_id = ${w.bea.id} and kind = 'mention'`).length;

    await writeNote();
    await box.fill("Veja, ");
    await mentionBea();
    await box.pressSequentially("amanhã");
    await expect(box).toHaveValue("Veja, @Bea Notified amanhã");
    await ana.reload();
    await writeNote();
    await expect(box).toHaveValue("Veja, @Bea Notified amanhã");
    await box.press("Enter");
    await expect(ana.getByTestId("note").filter({ hasText: "amanhã" }).getByTestId("mention")).toHaveText("@Bea Notified");
    await expect.poll(mentionsOfBea).toBe(1);

    // The @name edited away before the reload: typed back by hand afterwards, it is plain text.
    await box.fill("Depois, ");
    await mentionBea();
    await box.fill("Depois, nada");
    await ana.reload();
    await writeNote();
    await expect(box).toHaveValue("Depois, nada");
    await box.fill("Depois, @Bea Notified");
    await box.press("Enter");
    await expect(ana.getByTestId("note").filter({ hasText: "Depois" })).toBeVisible();
    await expect(ana.getByTestId("note").filter({ hasText: "Depois" }).getByTestId("mention")).toHaveCount(0);
    expect(await mentionsOfBea()).toBe(1);
  } finally {
    await sql.end();
  }
});

test("a link to a message older than the thread's first page loads older pages until it is there, then shows it highlighted", async ({
  browser,
  baseURL,
}) => {
  const sql = postgres(E2E_DATABASE_URL, { max: 2, onnotice: () => {} });
  try {
    const w = await workspace(sql);
    const { id: conversationId } = await conversationOf(sql, w, baseURL);
    // The linked note, then 120 newer ones: it is on the third page.
    const [old] = await sql<{ id: string }[]>`
      insert into public.messages (workspace_id, conversation_id, direction, type, body, status, sender_type, sender_user_id, sent_at)
      values (${w.workspaceId}, ${conversationId}, 'outbound', 'note', 'the old note', 'sent', 'agent', ${w.ana.id}, now() - interval '1 day')
      returning id`;
    await sql`
      insert into public.messages (workspace_id, conversation_id, direction, type, body, status, sender_type, sender_user_id, sent_at)
      select ${w.workspaceId}, ${conversationId}, 'outbound', 'note', 'filler ' || g, 'sent', 'agent', ${w.ana.id}, now() - interval '1 day' + g * interval '1 second'
      from generate_series(1, 120) g`;
    const bea = await signedIn(browser, w.bea.email);
    await bea.goto(`/inbox/${conversationId}#message-${old?.id}`);
    const note = bea.locator(`#message-${old?.id}`);
    await expect(note).toBeInViewport();
    await expect(note).toHaveAttribute("data-highlighted", "true");
    // For a moment only.
    await expect(note).not.toHaveAttribute("data-highlighted", { timeout: 10_000 });
  } finally {
    await sql.end();
  }
});
