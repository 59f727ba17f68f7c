import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./support";

/** A fresh Indonesian mobile, written the local way (0812-…), and its E.164 digits. */
function newNumber() {
  const subscriber = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  return { local: `0812-${subscriber.slice(0, 4)}-${subscriber.slice(4)}`, international: `+62 812 ${subscriber}` };
}

const column = (page: Page, stage: string) => page.locator(`[data-testid="pipeline-column"][data-stage="${stage}"]`);

/** Drags the card named `name` from stage `from` into stage `to`; a drag that lands before hydration moves nothing, so it is dragged again until the card is there. */
async function dragCard(page: Page, name: string, from: string, to: string) {
  const landed = column(page, to).getByTestId("pipeline-card").filter({ hasText: name });
  await expect(async () => {
    if (await landed.isVisible()) return;
    const handle = column(page, from)
      .getByTestId("pipeline-card")
      .filter({ hasText: name })
      .getByRole("button", { name: `Move ${name}` });
    const start = await handle.boundingBox({ timeout: 2_000 });
    const end = await column(page, to).boundingBox({ timeout: 2_000 });
    if (!start || !end) throw new Error("nothing to drag yet");
    await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
    await page.mouse.down();
    await page.mouse.move(start.x + start.width / 2 + 12, start.y + start.height / 2, { steps: 3 });
    await page.mouse.move(end.x + end.width / 2, end.y + 60, { steps: 15 });
    await page.mouse.up();
    await expect(landed).toBeVisible({ timeout: 2_000 });
  }).toPass();
}

/** Opens the "New contact" dialog (a click before hydration opens nothing: clicked again until it is open). */
async function openNewContact(page: Page) {
  const dialog = page.getByRole("dialog", { name: "New contact" });
  await expect(async () => {
    await page.getByRole("button", { name: "New contact" }).click({ timeout: 2_000 });
    await expect(dialog).toBeVisible({ timeout: 2_000 });
  }).toPass();
  return dialog;
}

test("create a contact, refuse its number twice, move it across the pipeline and open its page", async ({ page }) => {
  const name = `Lead ${Date.now().toString(36)}`;
  const phone = newNumber();
  await signIn(page, "admin@conversa.local");

  await page.goto("/contacts");
  const dialog = await openNewContact(page);
  await dialog.getByLabel("WhatsApp number").fill(phone.local);
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create contact" }).click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  const contactUrl = page.url();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText(/^\+62 812/).first()).toBeVisible();

  // The same number written the international way is the same person.
  await page.goto("/contacts");
  await openNewContact(page);
  await dialog.getByLabel("WhatsApp number").fill(phone.international);
  await dialog.getByRole("button", { name: "Create contact" }).click();
  await expect(dialog.getByRole("alert")).toContainText(`already belongs to ${name}`);
  await dialog.getByRole("link", { name: "Open that contact" }).click();
  await expect(page).toHaveURL(contactUrl);

  // Search finds it by the local form of its number.
  await page.goto(`/contacts?q=${encodeURIComponent(phone.local)}`);
  await expect(page.getByTestId("contact-row")).toHaveCount(1);
  await expect(page.getByTestId("contact-row")).toContainText(name);

  // Drag it from New to Qualified; the move survives a reload.
  await page.goto("/contacts/pipeline");
  const card = column(page, "new").getByTestId("pipeline-card").filter({ hasText: name });
  await expect(card).toBeVisible();
  await dragCard(page, name, "new", "qualified");
  await expect(column(page, "new").getByTestId("pipeline-card").filter({ hasText: name })).toHaveCount(0);
  await page.reload();
  const moved = column(page, "qualified").getByTestId("pipeline-card").filter({ hasText: name });
  await expect(moved).toBeVisible();

  // With the keyboard: pick up, arrow left into Contacted, drop.
  // (After the reload keys pressed before hydration move nothing: pressed again until the card is there.)
  const inContacted = column(page, "contacted").getByTestId("pipeline-card").filter({ hasText: name });
  await expect(async () => {
    if (await inContacted.isVisible()) return;
    await moved.getByRole("button", { name: `Move ${name}` }).focus({ timeout: 2_000 });
    await page.keyboard.press("Space");
    for (let i = 0; i < 12; i++) await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Space");
    await expect(inContacted).toBeVisible({ timeout: 2_000 });
  }).toPass();

  // Its page shows the moves on the timeline.
  await column(page, "contacted").getByRole("link", { name }).click();
  await expect(page).toHaveURL(contactUrl);
  const activity = page.getByRole("list", { name: "Activity" });
  await expect(activity).toContainText("moved from New to Qualified");
  await expect(activity).toContainText("moved from Qualified to Contacted");
  await expect(page.getByLabel("Status")).toHaveValue("contacted");
});

test("a contact's page links to its conversation in the inbox", async ({ page }) => {
  await signIn(page, "ana@conversa.local");
  await page.goto("/contacts/pipeline");
  const conversationLink = page.getByRole("link", { name: /^Open conversation with / }).first();
  const href = await conversationLink.getAttribute("href");
  expect(href).toMatch(/^\/inbox\/[0-9a-f-]{36}$/);
  await page.getByTestId("pipeline-card").filter({ has: conversationLink }).first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  await page.getByRole("link", { name: "Open conversation" }).first().click();
  await expect(page).toHaveURL(/\/inbox\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("link", { name: "Open contact page" })).toBeAttached();
});
