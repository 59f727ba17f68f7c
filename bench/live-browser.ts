/**
 * The one real browser tab of bench:live (`--browser`): Chromium (Debian's,
 * as playwright.config.ts uses) signed in as the bench's agent on the inbox,
 * recording in the page itself when each webhook's message arrived on the
 * tab's SSE stream and when its row appeared in the conversation list. The
 * page's own clock (epoch milliseconds) does the timing, read back once at
 * the end, so Node polling the page adds no load and no delay during the run.
 */
import { type Browser, chromium } from "@playwright/test";

/**
 * Runs in the page before its scripts: records each "Pesan nomor <n>" by n.
 * A string, not a function, since tsx's transform would add helpers the page lacks.
 */
const RECORD_ARRIVALS = `(() => {
  const marker = /Pesan nomor (\\d+)/g;
  const seen = {};
  const events = {};
  const state = { ready: 0 };
  const now = () => performance.timeOrigin + performance.now();
  const record = (into, text, at) => {
    for (const match of (text || "").matchAll(marker)) {
      const n = Number(match[1]);
      if (!(n in into)) into[n] = at;
    }
  };
  const ROW = '[data-testid="conversation-row"]';
  // Text node by text node: a row's whole textContent runs the preview into the unread count ("Pesan nomor 37" + "2").
  const recordRow = (row, at) => {
    const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (/^Pesan nomor \\d+$/.test(text.data)) record(seen, text.data, at);
    }
  };
  const scan = (node, at) => {
    const element = node instanceof Element ? node : node.parentElement;
    if (!element) return;
    const inside = element.closest(ROW);
    for (const row of inside ? [inside] : element.querySelectorAll(ROW)) recordRow(row, at);
  };
  // Mutation callbacks run as microtasks right after React commits: the time the row entered the DOM.
  new MutationObserver((records) => {
    const at = now();
    for (const m of records) {
      if (m.type === "characterData") scan(m.target, at);
      else for (const node of m.addedNodes) scan(node, at);
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
  // The app's EventSource, unchanged but for two listeners: the stream is ready, and each message's event came.
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(url, init) {
      super(url, init);
      this.addEventListener("ready", () => { state.ready += 1; });
      this.addEventListener("live", (e) => record(events, e.data, now()));
    }
  };
  window.__benchLive = { seen, events, state };
})();`;

type Records = { seen: Record<number, number>; events: Record<number, number>; state: { ready: number } };

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
}

/**
 * Opens `path` on `origin` with the session `cookie` ("name=value; name=value"),
 * resolves once the list shows and the live stream said ready. `refetches`
 * counts the tab's posts of Server Action `refetchActionId`.
 */
export async function openBrowserTab(browser: Browser, options: { origin: string; cookie: string; path: string; refetchActionId: string }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies(
    options.cookie.split("; ").map((pair) => {
      const at = pair.indexOf("=");
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url: options.origin };
    }),
  );
  const page = await context.newPage();
  const tab = { refetches: 0 };
  page.on("request", (request) => {
    if (request.headers()["next-action"] === options.refetchActionId) tab.refetches += 1;
  });
  await page.addInitScript(RECORD_ARRIVALS);
  await page.goto(`${options.origin}${options.path}`);
  await page.locator('[data-testid="conversation-row"]').first().waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => (window as unknown as { __benchLive: Records }).__benchLive.state.ready > 0, null, {
    timeout: 120_000,
  });
  return {
    tab,
    /** When each message's event came and its row appeared, by sequence number, in epoch ms. */
    async read() {
      const records = await page.evaluate(() => (window as unknown as { __benchLive: Records }).__benchLive);
      const asMap = (r: Record<number, number>) => new Map(Object.entries(r).map(([n, at]) => [Number(n), at]));
      return { seen: asMap(records.seen), events: asMap(records.events), reconnects: records.state.ready - 1 };
    },
    close: () => context.close(),
  };
}
