import { defineConfig } from "@playwright/test";
import {
  E2E_DATABASE_URL,
  E2E_KAPSO_API_KEY,
  E2E_POSTGRES_PORT,
  FAKE_PROVIDER_PORT,
  FAKE_PROVIDER_URL,
  KAPSO_PLATFORM_PATH,
  SECOND_INSTANCE_URL,
  WORKER_PORT,
} from "./e2e/support";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const SECOND_PORT = Number(new URL(SECOND_INSTANCE_URL).port);

/** What both app instances and the worker share: one database, one session secret, the fake providers. */
const APP_ENV = {
  CONVERSA_DATA_DIR: ".data/e2e",
  EMBEDDED_POSTGRES_PORT: String(E2E_POSTGRES_PORT),
  AUTH_SECRET: "e2e-only-auth-secret-0123456789abcdef0123456789",
  META_GRAPH_URL: FAKE_PROVIDER_URL,
  DIALOG360_API_URL: FAKE_PROVIDER_URL,
  KAPSO_API_URL: FAKE_PROVIDER_URL,
  KAPSO_PLATFORM_URL: `${FAKE_PROVIDER_URL}${KAPSO_PLATFORM_PATH}`,
  KAPSO_API_KEY: E2E_KAPSO_API_KEY,
  // Kapso's setup page sends the browser back to APP_URL: the first instance.
  APP_URL: `http://127.0.0.1:${PORT}`,
  // Jobs run in the worker process only, as in a scaled-out deployment.
  WORKER_IN_PROCESS: "false",
  // Outbound webhooks post to the fake provider's receiver on loopback, and the AI model server is there too.
  OUTBOUND_ALLOW_HOSTS: `127.0.0.1:${FAKE_PROVIDER_PORT}`,
};
const waitForFirstInstance = `npx tsx scripts/wait-for.ts http://127.0.0.1:${PORT}/login`;
/** Stopped as a process manager would: SIGTERM, time to finish running jobs, then SIGKILL (the default is SIGKILL at once). */
const gracefulShutdown = { signal: "SIGTERM", timeout: 35_000 } as const;

/**
 * Browser tests drive the real app in Debian's Chromium, deployed as it is
 * scaled out: two production instances (the first prepares the embedded
 * PostgreSQL with the demo seed in .data/e2e, the second shares it) and one
 * job worker process. Tests use the first instance unless they say so.
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
      // E2E_PREBUILT=1 reuses the last `npm run build` (a build takes minutes on a busy machine; CI always builds).
      command: `${process.env.E2E_PREBUILT && !process.env.CI ? "" : "npm run build && "}npm run start:local -- -p ${PORT}`,
      url: `http://127.0.0.1:${PORT}/login`,
      timeout: 420_000,
      reuseExistingServer: !process.env.CI,
      env: APP_ENV,
      stdout: "pipe",
      gracefulShutdown,
    },
    {
      // The second instance: the same build and database, once the first has migrated and seeded it.
      command: `${waitForFirstInstance} 450 && npm run start:local -- -p ${SECOND_PORT}`,
      url: `${SECOND_INSTANCE_URL}/login`,
      timeout: 480_000,
      reuseExistingServer: !process.env.CI,
      env: APP_ENV,
      gracefulShutdown,
    },
    {
      command: `${waitForFirstInstance} 450 && npm run worker`,
      url: `http://127.0.0.1:${WORKER_PORT}/health`,
      timeout: 480_000,
      reuseExistingServer: !process.env.CI,
      env: { ...APP_ENV, DATABASE_URL: E2E_DATABASE_URL, WORKER_HEALTH_PORT: String(WORKER_PORT) },
      stdout: "pipe",
      gracefulShutdown,
    },
  ],
});
