import fs from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import type { Catalogue } from "../tests/i18n/catalogue-check";
import { DEMO_PASSWORD, signIn } from "./support";

/**
 * The main screens, read in Indonesian and in Spanish by a browser that asks
 * for them (issue 23). On each screen no text may be an English message whose
 * translation differs: that is a string some component or server path still
 * writes in English. `SCREENSHOTS=1` also saves the README's screenshots.
 */

/** A language's whole catalogue, flattened to full keys (read from its files: Playwright's loader takes no JSON imports). */
function catalogue(locale: string): Record<string, string> {
  const dir = path.join(import.meta.dirname, "..", "messages", locale);
  const flat: Record<string, string> = {};
  const walk = (value: Catalogue | string, key: string) => {
    if (typeof value === "string") flat[key] = value;
    else for (const [name, child] of Object.entries(value)) walk(child, key ? `${key}.${name}` : name);
  };
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith(".json")))
    walk(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")), file.replace(/\.json$/, ""));
  return flat;
}

/**
 * English messages a screen could show verbatim (no arguments or tags) that the
 * language never says itself: "Filter" is English and Indonesian alike.
 */
function englishOnly(locale: string): Set<string> {
  const theirs = new Set(Object.values(catalogue(locale)));
  return new Set(
    Object.values(catalogue("en")).filter((message) => !/[{}<]/.test(message) && /\p{L}{3}/u.test(message) && !theirs.has(message)),
  );
}

/** Every text a person reads on the page: visible lines, and the placeholders, labels and titles of what is visible. */
async function textsOnScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // biome-ignore lint/performance/useDomNodeTextContent: innerText is what is rendered and visible, which is what a reader sees
    const texts = document.body.innerText.split("\n");
    for (const element of document.querySelectorAll<HTMLElement>("[placeholder], [aria-label], [title]")) {
      if (!element.checkVisibility()) continue;
      for (const name of ["placeholder", "aria-label", "title"]) texts.push(element.getAttribute(name) ?? "");
    }
    // Text marked as another language on purpose (a language's own name in a language picker) is not a leftover.
    const page = document.documentElement.lang;
    const foreign = new Set(
      [...document.querySelectorAll<HTMLElement>("body [lang]")].filter((el) => el.lang !== page).map((el) => el.textContent?.trim()),
    );
    return texts.map((text) => text.trim()).filter((text) => text && !foreign.has(text));
  });
}

/** The page has loaded and its loading placeholders have given way to content (a live stream never lets the network idle). */
async function settled(page: Page) {
  await page.waitForLoadState("load");
  await expect(page.locator('main [class*="animate-pulse"]')).toHaveCount(0);
}

/** Signs in on the sign-in page as a browser in `locale` sees it (its labels in that language). */
function signInAs(page: Page, locale: string, email: string) {
  const words = catalogue(locale);
  const word = (key: string) => words[`auth.login.${key}`] ?? key;
  return signIn(page, email, DEMO_PASSWORD, { email: word("email"), password: word("password"), submit: word("submit") });
}

/** Opens the list's first conversation (again if the click came before hydration) and waits for its header. */
async function openFirstConversation(page: Page) {
  await expect(async () => {
    await page.getByTestId("conversation-row").first().click({ timeout: 5_000 });
    await expect(page).toHaveURL(/\/inbox\/[0-9a-f-]{36}/, { timeout: 10_000 });
  }).toPass();
  await expect(page.locator("#conversation h2").first()).toBeVisible();
}

/** The screens the README shows in each language (SCREENSHOTS=1). */
const README_SCREENS = new Set(["conversation", "contacts", "dashboard"]);

const SCREENS: { name: string; open: (page: Page) => Promise<void> }[] = [
  { name: "dashboard", open: (page) => page.goto("/").then(() => undefined) },
  { name: "inbox", open: (page) => page.goto("/inbox").then(() => undefined) },
  {
    name: "conversation",
    open: async (page) => {
      await page.goto("/inbox");
      await openFirstConversation(page);
    },
  },
  { name: "contacts", open: (page) => page.goto("/contacts").then(() => undefined) },
  {
    name: "contact",
    open: async (page) => {
      await page.goto("/contacts");
      // Clicked again if the first click came before hydration.
      await expect(async () => {
        await page.locator('main table a[href^="/contacts/"]').first().click({ timeout: 5_000 });
        await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}/, { timeout: 10_000 });
      }).toPass();
    },
  },
  { name: "pipeline", open: (page) => page.goto("/contacts/pipeline").then(() => undefined) },
  { name: "broadcasts", open: (page) => page.goto("/broadcasts").then(() => undefined) },
  { name: "new-broadcast", open: (page) => page.goto("/broadcasts/new").then(() => undefined) },
  { name: "templates", open: (page) => page.goto("/templates").then(() => undefined) },
  { name: "settings", open: (page) => page.goto("/settings").then(() => undefined) },
  { name: "members", open: (page) => page.goto("/settings/members").then(() => undefined) },
  { name: "profile", open: (page) => page.goto("/settings/profile").then(() => undefined) },
];

for (const [locale, browserLocale] of [
  ["id", "id-ID"],
  ["es", "es-MX"],
] as const) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale: browserLocale, viewport: { width: 1280, height: 800 } });
    const untranslated = englishOnly(locale);

    test(`every main screen speaks ${locale}, with nothing left in English`, async ({ page }) => {
      test.slow();
      await signInAs(page, locale, "admin@conversa.local");
      for (const screen of SCREENS) {
        await test.step(screen.name, async () => {
          await screen.open(page);
          await expect(page.locator("html")).toHaveAttribute("lang", locale);
          await settled(page);
          const english = (await textsOnScreen(page)).filter((text) => untranslated.has(text));
          expect({ screen: screen.name, english }).toEqual({ screen: screen.name, english: [] });
          if (process.env.SCREENSHOTS && README_SCREENS.has(screen.name))
            await page.screenshot({ path: `docs/screenshots/${locale}/${screen.name}.png` });
        });
      }
    });

    test(`the inbox on a phone, in ${locale}`, async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await signInAs(page, locale, "admin@conversa.local");
      await page.goto("/inbox");
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await openFirstConversation(page);
      await settled(page);
      expect((await textsOnScreen(page)).filter((text) => untranslated.has(text))).toEqual([]);
      if (process.env.SCREENSHOTS && locale === "id") await page.screenshot({ path: `docs/screenshots/${locale}/conversation-phone.png` });
    });
  });
}
