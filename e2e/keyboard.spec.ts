import { expect, type Page, test } from "@playwright/test";
import { metaInboundText } from "../scripts/webhooks/payloads";
import { postWebhook } from "../scripts/webhooks/send";
import { providerRequests, signIn } from "./support";

/** The demo workspace's Meta number (supabase/seed.sql); its API calls go to e2e/fake-provider.ts. */
const DEMO_META = { phoneNumberId: "100000000000003", displayPhoneNumber: "5511900000003" };

const newCustomer = (label: string) => ({
  name: `${label} ${Date.now().toString(36)}`,
  from: `55119${Math.floor(10_000_000 + Math.random() * 89_999_999)}`,
});

const rows = (page: Page) => page.getByTestId("conversation-row");

// Many steps, each a round trip on a shared 2-core machine.
test.describe.configure({ timeout: 180_000 });

test("an agent works the inbox with the keyboard only: j/k, Enter, ?, r + send, paste a file, Esc, e, Ctrl+K to a contact, skip link", async ({
  page,
  baseURL,
}) => {
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: "demo-meta-app-secret" };
  const older = newCustomer("Keyboard Older");
  const newer = newCustomer("Keyboard Newer");
  const write = async (customer: typeof older) =>
    expect((await postWebhook(target, metaInboundText(DEMO_META, { ...customer, text: `Hello from ${customer.name}` }))).status).toBe(200);

  // The list's first row, as a page load shows it (a webhook is processed just after its answer).
  const listedFirst = (name: string) =>
    expect(async () => {
      await page.goto("/inbox");
      await expect(rows(page).first()).toContainText(name, { timeout: 2_000 });
    }).toPass();

  // Two webhooks in the same second sort by the order they were processed in, which is either: the second is
  // posted once the first is listed, so it is the newer one in the list's order too.
  await signIn(page, "admin@conversa.local");
  await write(older);
  await listedFirst(older.name);
  await write(newer);
  await listedFirst(newer.name);
  await expect(rows(page).nth(1)).toContainText(older.name);
  // The list is one tab stop (roving tabindex), not one per row.
  await expect(page.locator('[data-testid="conversation-row"][tabindex="0"]')).toHaveCount(1);

  // k (or j) from nowhere lands on the first row (retried: a key before hydration does nothing; k stays there), j/k move, ↑/↓ too.
  await expect(async () => {
    await page.keyboard.press("k");
    await expect(rows(page).first()).toBeFocused({ timeout: 1_000 });
  }).toPass();
  await page.keyboard.press("j");
  await expect(rows(page).nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(rows(page).first()).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(rows(page).nth(1)).toBeFocused();
  await expect(rows(page).nth(1)).toHaveAttribute("tabindex", "0");

  // Enter opens the focused conversation.
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/inbox\/[0-9a-f-]{36}/);
  await expect(page.getByRole("heading", { level: 2, name: older.name })).toBeVisible();

  // "?" lists what is registered here, read from the registry.
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  for (const label of [
    "Next conversation",
    "Search conversations",
    "Reply",
    "Resolve the conversation",
    "Assign…",
    "Open the command palette",
  ]) {
    await expect(help.getByTestId("shortcut").filter({ hasText: label })).toHaveCount(1);
  }
  await expect(help.getByTestId("shortcut").filter({ hasText: "Resolve the conversation" }).locator("kbd")).toHaveText("e");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  // r: the composer, focused, in reply mode; Enter sends.
  await page.keyboard.press("r");
  const composer = page.getByLabel("Message", { exact: true });
  await expect(composer).toBeFocused();
  // Letters typed in the composer are text, not shortcuts.
  const text = `Typed with the keyboard, e and j included ${Date.now().toString(36)}`;
  await page.keyboard.type(text);
  await expect(composer).toHaveValue(text);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("message").filter({ hasText: text })).toHaveCount(1);
  await expect.poll(async () => (await providerRequests()).some((r) => JSON.stringify(r.body).includes(text))).toBe(true);

  // A file pasted into the composer is attached, as the paperclip would.
  await composer.evaluate((textarea) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], "pasted-screenshot.png", { type: "image/png" }));
    textarea.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(page.getByText(/pasted-screenshot\.png · 1 KB/)).toBeVisible();
  await expect(composer).toHaveAttribute("placeholder", "Add a caption");
  await expect(composer).toHaveValue("");

  // Esc leaves the composer, then e resolves.
  await page.keyboard.press("Escape");
  await expect(composer).not.toBeFocused();
  await page.keyboard.press("e");
  await expect(page.getByTestId("conversation-status")).toContainText("Resolved");

  // Ctrl+K: the palette searches conversations and contacts; ↓ to the contact, Enter goes there.
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await expect(palette).toBeVisible();
  await page.keyboard.type(newer.name);
  const contact = palette.getByRole("group", { name: "Contacts" }).getByRole("option", { name: new RegExp(newer.name) });
  await expect(contact).toBeVisible();
  await expect(palette.getByRole("group", { name: "Conversations" }).getByRole("option", { name: new RegExp(newer.name) })).toBeVisible();
  await expect(async () => {
    await page.keyboard.press("ArrowDown");
    await expect(contact).toHaveAttribute("aria-selected", "true", { timeout: 500 });
  }).toPass();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}/);
  await expect(page.getByRole("heading", { level: 1, name: newer.name })).toBeVisible();
  await expect(palette).toBeHidden();

  // The skip link is the first tab stop and lands in the open conversation.
  await page.goBack();
  await expect(page).toHaveURL(/\/inbox\/[0-9a-f-]{36}/);
  await page.reload();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to conversation" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: "Conversation", exact: true })).toBeFocused();
});

test("a assigns from the picker, s opens the snooze menu, Esc closes them, and nothing fires while typing in the search", async ({
  page,
  baseURL,
}) => {
  const target = { baseUrl: baseURL ?? "", provider: "meta" as const, secret: "demo-meta-app-secret" };
  const customer = newCustomer("Keyboard Assign");
  expect((await postWebhook(target, metaInboundText(DEMO_META, { ...customer, text: "Can someone help?" }))).status).toBe(200);

  await signIn(page, "admin@conversa.local");
  await rows(page).filter({ hasText: customer.name }).click();
  await expect(page.getByRole("heading", { level: 2, name: customer.name })).toBeVisible();

  // "/" goes to the search; typing "e" there searches, it does not resolve.
  await expect(async () => {
    await page.keyboard.press("/");
    await expect(page.getByLabel("Search conversations")).toBeFocused({ timeout: 1_000 });
  }).toPass();
  await page.keyboard.type("e");
  await expect(page.getByLabel("Search conversations")).toHaveValue("e");
  await expect(page.getByTestId("conversation-status")).toHaveCount(0);
  await page.getByLabel("Search conversations").fill("");
  await page.getByLabel("Search conversations").blur();

  // a: the assignee picker (type to filter, Enter picks), Esc closes without a change.
  await page.keyboard.press("a");
  const picker = page.getByRole("dialog", { name: "Assign to" });
  await expect(picker).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(picker).toBeHidden();
  await page.keyboard.press("a");
  await page.keyboard.type("you");
  await expect(picker.getByRole("option", { selected: true })).toContainText("(you)");
  await page.keyboard.press("Enter");
  await expect(picker).toBeHidden();
  await expect(page.locator("#assignee option:checked")).toContainText("(you)");

  // s: the status and snooze menu, focus on its first item; ↓ moves; Esc closes it and gives focus back to its button.
  await page.keyboard.press("s");
  const menu = page.getByRole("menu", { name: "Status and snooze" });
  await expect(menu.getByRole("menuitem").first()).toBeFocused();
  await expect(menu.getByText("Loading…")).toHaveCount(0);
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem").nth(1)).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(page.getByRole("button", { name: "Snooze" })).toBeFocused();
});
