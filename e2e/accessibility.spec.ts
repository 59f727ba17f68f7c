import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { signIn } from "./support";

/**
 * Every main page passes axe-core with no serious or critical violation
 * (issue 21), in the light and in the dark theme (issue 23; the system's
 * choice, switched on the loaded page). A failure lists each violation as
 * rule id, impact and the selectors of the elements at fault, so the fix
 * can start from the report.
 */

// axe walks the whole page: on a loaded 2-core machine one analysis of the contacts list took over a minute.
test.describe.configure({ timeout: 180_000 });

const BLOCKING_IMPACTS = new Set(["serious", "critical"]);
const PHONE = { width: 390, height: 844 };

async function expectNoSeriousViolations(page: Page) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    // Colours with a transition would otherwise be measured halfway (bounded: a transition of a hidden element never ends).
    await page.evaluate(() =>
      Promise.race([
        new Promise((resolve) => setTimeout(resolve, 1_000)),
        Promise.all(
          document
            .getAnimations()
            .filter((animation) => animation instanceof CSSTransition)
            .map((animation) => animation.finished.catch(() => undefined)),
        ),
      ]),
    );
    const { violations } = await new AxeBuilder({ page }).analyze();
    const blocking = violations
      .filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ""))
      .map((violation) =>
        [
          `${violation.id} (${violation.impact}): ${violation.help}`,
          ...violation.nodes.map((node) => `    ${node.target.join(" >>> ")}`),
        ].join("\n"),
      );
    expect(blocking, `serious or critical accessibility violations on ${page.url()}, ${colorScheme} theme`).toEqual([]);
  }
}

/** Waits until the page shows its content (not a loading skeleton), then checks it. */
async function checkPage(page: Page, path: string, ready: (page: Page) => Locator) {
  await page.goto(path);
  await expect(ready(page).first()).toBeVisible();
  await expect(page.getByRole("status", { name: "Loading" })).toHaveCount(0);
  await expectNoSeriousViolations(page);
}

const heading = (name: string | RegExp) => (page: Page) => page.getByRole("heading", { level: 1, name });
const conversations = (page: Page) => page.getByRole("list", { name: "Conversations" }).getByRole("listitem");

/** The first conversation of the inbox, opened. */
async function openConversation(page: Page) {
  await page.goto("/inbox");
  await expect(async () => {
    await conversations(page).first().getByRole("link").first().click();
    await expect(page.getByRole("list", { name: "Messages" })).toBeVisible({ timeout: 3_000 });
  }).toPass();
  await expect(page.getByRole("list", { name: "Messages" }).getByTestId("message").first()).toBeVisible();
}

let session: Awaited<ReturnType<Awaited<ReturnType<Browser["newContext"]>>["storageState"]>>;

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  await signIn(await context.newPage(), "admin@conversa.local");
  session = await context.storageState();
  await context.close();
});

test.describe("signed in as the workspace's owner", () => {
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern; this one has none
  test.use({ storageState: async ({}, use) => use(session) });

  const pages: [name: string, path: string, ready: (page: Page) => Locator][] = [
    ["dashboard", "/", heading("Dashboard")],
    ["inbox", "/inbox", conversations],
    ["contacts list", "/contacts", (page) => page.getByRole("row").nth(1)],
    ["pipeline", "/contacts/pipeline", heading("Pipeline")],
    ["contact stages and fields", "/contacts/settings", (page) => page.getByRole("heading", { name: "Pipeline stages" })],
    ["broadcasts", "/broadcasts", heading("Broadcasts")],
    ["new broadcast", "/broadcasts/new", heading("New broadcast")],
    ["templates", "/templates", heading("Templates")],
    ["new template", "/templates/new", heading("New template")],
    ["settings: profile", "/settings/profile", heading("Settings")],
    ["settings: workspace", "/settings", heading("Settings")],
    ["settings: members", "/settings/members", heading("Settings")],
    ["settings: labels", "/settings/labels", heading("Settings")],
    ["settings: teams", "/settings/teams", heading("Settings")],
    ["settings: canned responses", "/settings/canned-responses", heading("Settings")],
    ["settings: WhatsApp numbers", "/settings/whatsapp", heading("Settings")],
    ["settings: AI assistant", "/settings/ai", heading("Settings")],
    ["settings: webhook log", "/settings/webhooks", heading("Settings")],
    ["settings: API keys", "/settings/api", heading("Settings")],
    ["settings: outbound webhooks", "/settings/api/webhooks", heading("Settings")],
    ["settings: API reference", "/settings/api/reference", heading("Settings")],
    ["settings: audit log", "/settings/audit", heading("Settings")],
  ];
  for (const [name, path, ready] of pages) {
    test(`${name} has no serious or critical accessibility violations`, async ({ page }) => {
      await checkPage(page, path, ready);
    });
  }

  test("a contact's page has no serious or critical accessibility violations", async ({ page }) => {
    await page.goto("/contacts");
    await page.getByRole("row").nth(1).getByRole("link").first().click();
    await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test("a conversation has no serious or critical accessibility violations", async ({ page }) => {
    await openConversation(page);
    await expectNoSeriousViolations(page);
  });

  test.describe("on a phone", () => {
    test.use({ viewport: PHONE });

    test("the inbox has no serious or critical accessibility violations", async ({ page }) => {
      await checkPage(page, "/inbox", conversations);
    });

    test("a conversation has no serious or critical accessibility violations", async ({ page }) => {
      await openConversation(page);
      await expectNoSeriousViolations(page);
    });
  });
});

test("the sign-in page has no serious or critical accessibility violations", async ({ page }) => {
  await checkPage(page, "/login", heading("Sign in to your inbox"));
});
