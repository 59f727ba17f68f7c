/**
 * `npm run dev` / `npm run start:local`: one command from a fresh clone to a
 * running app. Without DATABASE_URL it starts the embedded PostgreSQL (data
 * in .data/postgres), bootstraps and migrates it, seeds the demo workspace
 * once, then runs Next.js. With DATABASE_URL it prepares that database
 * instead and starts no Postgres of its own.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { startEmbeddedPostgres } from "./database/embedded";
import { prepareDatabase, repoRoot, seedIfEmpty } from "./database/prepare";

const mode = process.argv[2] === "start" ? "start" : "dev";
// Separate folders keep separate databases (the e2e tests use .data/e2e).
const dataDir = path.resolve(repoRoot, process.env.CONVERSA_DATA_DIR ?? ".data");

/** A stable local secret, so sessions survive restarts without any setup. */
async function localAuthSecret(): Promise<string> {
  const file = path.join(dataDir, "auth-secret");
  const existing = await readFile(file, "utf8").catch(() => "");
  if (existing.trim().length >= 32) return existing.trim();
  const secret = randomBytes(32).toString("hex");
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

async function main() {
  let stopDatabase = async () => {};
  let databaseUrl = process.env.DATABASE_URL;

  if (databaseUrl) {
    console.log("Using DATABASE_URL; no embedded PostgreSQL is started.");
    await prepareDatabase({ appUrl: databaseUrl });
  } else {
    const port = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);
    console.log(`Starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${path.relative(repoRoot, dataDir)}/postgres)…`);
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), port, database: "conversa" });
    stopDatabase = embedded.stop;
    databaseUrl = embedded.appUrl;
    await prepareDatabase({ appUrl: embedded.appUrl, superuserUrl: embedded.adminUrl, appRolePassword: "postgres" });
  }

  if (await seedIfEmpty(databaseUrl)) {
    console.log(
      [
        "",
        "Seeded the demo workspace “Toko Demo”. Sign in with:",
        "  admin@conversa.local / conversa-demo   (owner)",
        "  carlos@conversa.local / conversa-demo  (admin)",
        "  ana@conversa.local / conversa-demo     (agent)",
        "",
      ].join("\n"),
    );
  }

  const next = spawn(path.join(repoRoot, "node_modules", ".bin", "next"), [mode, ...process.argv.slice(3)], {
    cwd: repoRoot,
    stdio: "inherit",
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: process.env.AUTH_SECRET ?? (await localAuthSecret()),
      // As `npm start`: the server drains its running jobs on SIGTERM (src/instrumentation.ts). `next dev` keeps its own handling.
      ...(mode === "start" && { NEXT_MANUAL_SIG_HANDLE: "true" }),
    },
  });
  const nextExited = new Promise<number>((resolve) => next.once("exit", (code) => resolve(code ?? 0)));

  // Next.js first (it may be finishing jobs, which need the database), then PostgreSQL.
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals | null) => {
    if (stopping) return;
    stopping = true;
    if (signal && next.exitCode === null && next.signalCode === null) next.kill(signal);
    const code = await nextExited;
    await stopDatabase();
    process.exit(signal ? 0 : code);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  void nextExited.then(() => shutdown(null));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
