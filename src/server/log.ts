import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { logLevel } from "@/server/env";

/**
 * What a log line is about: set once where work enters (a request, a Server
 * Action, a job) and carried by every line logged inside it.
 */
export interface LogContext {
  requestId?: string;
  workspaceId?: string;
  action?: string;
  job?: string;
}

const contextStore = new AsyncLocalStorage<LogContext>();

/**
 * Keys whose values never reach a log line, wherever they sit in a logged
 * object: credentials, and customer content (message bodies).
 */
const REDACTED_KEYS = [
  "password",
  "secret",
  "token",
  "apiKey",
  "api_key",
  "authorization",
  "cookie",
  "credentials",
  "credentials_encrypted",
  "webhook_secret",
  "text",
  "body",
  "caption",
];

/**
 * An error as a log line shows it: type, message, code and stack only. Other
 * fields stay out: a PostgreSQL error's `detail` quotes the row it refused
 * ("Failing row contains (…)"), which may hold a message's text.
 */
function serializeError(error: unknown) {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code } = error as { code?: unknown };
  return { type: error.name, message: error.message, ...(typeof code === "string" ? { code } : {}), stack: error.stack };
}

function createLogger(): Logger {
  const production = process.env.NODE_ENV === "production";
  const level = logLevel() ?? (process.env.NODE_ENV === "test" ? "warn" : "info");
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    redact: { paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]), censor: "[redacted]" },
    serializers: { err: serializeError },
    // The context of the work in progress joins every line.
    mixin: () => ({ ...contextStore.getStore() }),
  };
  if (production) return pino(options);
  // Readable lines for a developer's terminal, written synchronously (no worker thread for Next.js to bundle).
  return pino(options, pretty({ colorize: true, sync: true, ignore: "pid,hostname" }));
}

/** The one logger: JSON lines in production, readable lines in development. */
export const logger: Logger = createLogger();

/** Runs `work` with `context` added to every line it logs (nested contexts merge). */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return contextStore.run({ ...contextStore.getStore(), ...context }, work);
}

/** An error's message for a log line, without its stack when it is not an Error. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A request's id for its log lines: the caller's X-Request-Id when it looks like one (a proxy's), else a new one. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}
