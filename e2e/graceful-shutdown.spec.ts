import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { startFakeMeta } from "../bench/fake-meta";
import { EMBEDDED_PASSWORD, EMBEDDED_SUPERUSER } from "../scripts/database/embedded";
import { prepareDatabase, seedIfEmpty } from "../scripts/database/prepare";
import { metaInboundText } from "../scripts/webhooks/payloads";
import { postWebhook } from "../scripts/webhooks/send";
import { freePort } from "../tests/support/free-port";
import { DEMO_PASSWORD, E2E_POSTGRES_PORT } from "./support";

/**
 * The production build as a single machine runs it: the job worker inside,
 * on a database of its own (so the e2e worker process cannot take its
 * jobs), sending to a Meta API that takes its time to answer. SIGTERM
 * arrives while a reply is on its way to WhatsApp, the way process managers
 * send it: to the server process (Docker, Kubernetes: the server must be the
 * process they start, see docs/deploy.md), or to the whole process group of
 * `npm start` (systemd, a terminal's Ctrl-C, Playwright). npm itself exits
 * at once on SIGTERM without passing it on, so the group is what reaches the server there.
 */
const DATABASE = "conversa_shutdown";
const urlAs = (user: string, database = DATABASE) =>
  `postgres://${user}:${EMBEDDED_PASSWORD}@127.0.0.1:${E2E_POSTGRES_PORT}/${database}?sslmode=disable`;
const DATABASE_URL = urlAs("postgres");
/** How long the fake Meta API holds each answer: the send job is still running when SIGTERM comes. */
const ANSWER_AFTER_MS = 6_000;
const DEMO_META = { phoneNumberId: "100000000000003", displayPhoneNumber: "5511900000003" };

let fake: ReturnType<typeof startFakeMeta>;
let providerUrl = "";
const started: ChildProcess[] = [];

async function asSuperuser(statement: string) {
  const admin = postgres(urlAs(EMBEDDED_SUPERUSER, "postgres"), { max: 1, onnotice: () => {} });
  await admin.unsafe(statement).finally(() => admin.end());
}

/** True while any process of the group led by `pid` is alive. */
function groupAlive(pid: number) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const LAUNCHES = {
  "next start, SIGTERM to the server": {
    command: (port: number) => [path.join("node_modules", ".bin", "next"), "start", "-p", String(port)],
    env: { NEXT_MANUAL_SIG_HANDLE: "true" },
  },
  "npm start, SIGTERM to its process group": {
    command: (port: number) => ["npm", "start", "--", "-p", String(port)],
    env: {},
  },
};

async function startServer(launch: (typeof LAUNCHES)[keyof typeof LAUNCHES]) {
  const port = await freePort();
  const [command, ...args] = launch.command(port);
  const server = spawn(command ?? "", args, {
    // Its own process group, so a signal can reach the group as a process manager sends it.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...launch.env,
      NODE_ENV: "production",
      DATABASE_URL,
      AUTH_SECRET: "e2e-graceful-shutdown-secret-0123456789abcdef",
      APP_URL: `http://127.0.0.1:${port}`,
      META_GRAPH_URL: providerUrl,
      WORKER_IN_PROCESS: "true",
    },
  });
  started.push(server);
  const log = { text: "" };
  for (const stream of [server.stdout, server.stderr]) stream?.on("data", (chunk: Buffer) => (log.text += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    server.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  await expect(async () => expect((await fetch(`${url}/login`)).status).toBe(200)).toPass({ timeout: 90_000 });
  return { server, url, log, exited };
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await asSuperuser(`drop database if exists ${DATABASE} with (force)`);
  await asSuperuser(`create database ${DATABASE}`);
  await prepareDatabase({ appUrl: DATABASE_URL, superuserUrl: urlAs(EMBEDDED_SUPERUSER) });
  await seedIfEmpty(DATABASE_URL);
  const providerPort = await freePort();
  fake = startFakeMeta(providerPort, { answerAfterMs: ANSWER_AFTER_MS });
  providerUrl = `http://127.0.0.1:${providerPort}`;
});

test.afterAll(async () => {
  for (const server of started) if (server.pid && groupAlive(server.pid)) process.kill(-server.pid, "SIGKILL");
  await fake?.close();
  await asSuperuser(`drop database if exists ${DATABASE} with (force)`);
});

for (const [name, launch] of Object.entries(LAUNCHES)) {
  test(`${name}, while a reply is being sent: the send finishes, then the server exits`, async ({ page }) => {
    test.setTimeout(150_000);
    const { server, url, log, exited } = await startServer(launch);
    const pid = server.pid ?? 0;
    const customer = { name: `Graceful ${Date.now().toString(36)}`, from: `55119${Math.floor(10_000_000 + Math.random() * 89_999_999)}` };
    const target = { baseUrl: url, provider: "meta" as const, secret: "demo-meta-app-secret" };
    expect((await postWebhook(target, metaInboundText(DEMO_META, { ...customer, text: "Ainda tem o vestido azul?" }))).status).toBe(200);

    await page.goto(`${url}/login`);
    await page.getByLabel("Email").fill("admin@conversa.local");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/inbox/);
    await page.getByRole("list", { name: "Conversations" }).getByRole("listitem").filter({ hasText: customer.name }).click();
    const sendsBefore = fake.counts.sends;
    await page.getByLabel("Message", { exact: true }).fill("Tem sim, separo para você?");
    await page.getByLabel("Message", { exact: true }).press("Enter");

    // The send has reached WhatsApp, which has not answered yet: the job is running.
    await expect.poll(() => fake.counts.sends, { timeout: 30_000 }).toBe(sendsBefore + 1);
    const terminatedAt = Date.now();
    if (name.includes("group")) process.kill(-pid, "SIGTERM");
    else server.kill("SIGTERM");

    // Still serving while the job finishes.
    expect((await fetch(`${url}/login`)).status).toBe(200);
    if (name.includes("group")) {
      await expect.poll(() => groupAlive(pid), { timeout: 60_000 }).toBe(false);
    } else {
      expect(await exited, log.text).toEqual({ code: 0, signal: null });
    }
    expect(Date.now() - terminatedAt).toBeGreaterThan(ANSWER_AFTER_MS / 2);
    // The server logs JSON lines in production (src/server/log.ts).
    expect(log.text).toMatch(/"signal":"SIGTERM","msg":"Conversa server stopping: finishing running jobs…"/);
    expect(log.text).toContain('"msg":"Conversa server stopped."');

    // This server was the database's only worker, so what the rows say now it did before exiting.
    const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      const messages = await sql<{ id: string; status: string; wamid: string | null }[]>`
        select m.id, m.status, m.wamid from public.messages m
        join public.conversations c on c.workspace_id = m.workspace_id and c.id = m.conversation_id
        join public.contacts ct on ct.workspace_id = c.workspace_id and ct.id = c.contact_id
        where ct.wa_id = ${customer.from} and m.direction = 'outbound'`;
      expect(messages.map(({ status, wamid }) => ({ status, wamid }))).toEqual([{ status: "sent", wamid: fake.wamids.at(-1) }]);
      const jobs = await sql<{ state: string }[]>`
        select state::text from pgboss.job where name = 'outbound.send' and singleton_key = ${messages[0]?.id ?? ""}`;
      expect(jobs).toEqual([{ state: "completed" }]);
    } finally {
      await sql.end();
    }
    expect(fake.counts.sends).toBe(sendsBefore + 1);
  });
}
