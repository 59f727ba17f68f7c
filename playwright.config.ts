import { defineConfig } from "@playwright/test";
import { FAKE_PROVIDER_PORT, FAKE_PROVIDER_URL } from "./e2e/support";

const PORT = Number(process.env.E2E_PORT ?? 3100);

/**
 * Browser tests drive the real app (production build, embedded PostgreSQL
 * with the demo seed in .data/e2e) in Debian's Chromium.
 */
export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  // A 2-core CI machine runs the server, Postgres and Chromium at once.
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      // Stands in for 360dialog, Kapso and Meta: the app's sends go here.
      command: "npx tsx e2e/fake-provider.ts",
      url: `${FAKE_PROVIDER_URL}/health`,
      reuseExistingServer: !process.env.CI,
      env: { FAKE_PROVIDER_PORT: String(FAKE_PROVIDER_PORT) },
    },
    {
      command: `npm run build && npm run start:local -- -p ${PORT}`,
      url: `http://127.0.0.1:${PORT}/login`,
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
      env: {
        CONVERSA_DATA_DIR: ".data/e2e",
        EMBEDDED_POSTGRES_PORT: process.env.E2E_POSTGRES_PORT ?? "54331",
        META_GRAPH_URL: FAKE_PROVIDER_URL,
        DIALOG360_API_URL: FAKE_PROVIDER_URL,
        KAPSO_API_URL: FAKE_PROVIDER_URL,
      },
      stdout: "pipe",
    },
  ],
});
