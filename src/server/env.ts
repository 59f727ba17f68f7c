import "server-only";
import { z } from "zod";

/** Every variable the server reads, validated once; .env.example documents each. */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** Lowest level logged (src/server/log.ts); default info, warn under tests. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" }),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * A direct or session-pooler connection for what a transaction pooler
   * cannot carry: LISTEN (live updates) and the job queue. Defaults to
   * DATABASE_URL, which is then such a connection itself.
   */
  DATABASE_DIRECT_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" }).optional(),
  /** Connections of the job queue (pg-boss) per process. */
  JOBS_POOL_MAX: z.coerce.number().int().min(1).max(50).default(4),
  /**
   * Reverse proxies whose X-Forwarded-For is believed for the sign-in limit: a hop count ("1") or
   * their addresses and CIDR ranges ("10.0.0.0/8, fd00::/8"). Empty: none (docs/security.md).
   */
  TRUSTED_PROXIES: z.string().default(""),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -hex 32)"),
  APP_URL: z.url().default("http://localhost:3000"),
  /** 64 hex characters (32 bytes) for encrypting provider credentials; derived from AUTH_SECRET when unset. */
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (openssl rand -hex 32)")
    .optional(),
  /** Where WhatsApp media is kept on local disk (when Supabase Storage is not configured). */
  MEDIA_DIR: z.string().default(".data/media"),
  /**
   * Supabase project. With the secret key, media goes to a private Storage
   * bucket of this name; with the publishable key as well, sign-in is
   * Supabase Auth (auth mode `supabase`; the secret key serves its admin API).
   */
  NEXT_PUBLIC_SUPABASE_URL: z.url().optional(),
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: z.string().min(1).optional(),
  SUPABASE_SECRET_KEY: z.string().min(1).optional(),
  MEDIA_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{2,62}$/, "must be a Storage bucket name")
    .default("whatsapp-media"),
  /** Provider API bases: configurable so tests talk to local fakes that speak the same wire format. */
  META_GRAPH_URL: z.url().default("https://graph.facebook.com/v21.0"),
  DIALOG360_API_URL: z.url().default("https://waba-v2.360dialog.io"),
  KAPSO_API_URL: z.url().default("https://api.kapso.ai/meta/whatsapp/v24.0"),
  /** Kapso's Platform API (customers, setup links, phone numbers, webhooks). */
  KAPSO_PLATFORM_URL: z.url().default("https://api.kapso.ai/platform/v1"),
  /** Our Kapso project's API key: the Platform API, and sends of numbers connected through setup links. */
  KAPSO_API_KEY: z.string().min(1).optional(),
  /**
   * Single-tenant installs only: one Kapso webhook secret that vouches for any Kapso number's webhooks
   * (X-Webhook-Signature), as a CRM built on one Kapso project configured it; also a verify token for
   * the GET handshake. Unset (the default): each number's own secret.
   */
  KAPSO_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** The AI assistant's model server when a workspace names none: OpenAI, or any compatible server. */
  AI_DEFAULT_BASE_URL: z.url().default("https://api.openai.com/v1"),
  /** Meta app secret for X-Hub-Signature-256 when numbers are connected through our own Meta app. */
  META_APP_SECRET: z.string().min(1).optional(),
  /** That Meta app's id: Meta's Resumable Upload API (`POST /{app-id}/uploads`) takes media-header samples of new templates only through it. */
  META_APP_ID: z.string().regex(/^\d+$/, "must be a Meta app id (digits)").optional(),
  /** Token Meta echoes in the webhook subscription handshake (GET hub.verify_token). */
  META_WEBHOOK_VERIFY_TOKEN: z.string().min(8).optional(),
  /**
   * Kapso's inbox, where contact and conversation pages link a Kapso conversation to
   * (`?conversation_id=…` is appended). Kapso's deep links are
   * https://inbox.kapso.ai/projects/<project id>; set that for links that open the conversation.
   */
  KAPSO_INBOX_URL: z.url().default("https://app.kapso.ai"),
  /** Largest webhook body accepted; Meta sends up to 3 MB. */
  WEBHOOK_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  /** How many days the inbound webhook log keeps processed and rejected events (a daily job deletes older ones; failed ones stay until replayed). */
  WEBHOOK_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  /**
   * Hosts the server may call although they are on loopback or a private network (a model server on
   * this machine, such as Ollama): comma-separated `host:port` entries, matched against the URL as
   * written (`localhost:11434`, `[::1]:8080`; a port of `*` allows every port, for tests). Empty by
   * default: outbound webhooks, the AI model server and every other URL a user or a webhook chooses
   * must then be a public address (src/server/net/outbound.ts).
   */
  OUTBOUND_ALLOW_HOSTS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(/^(\[[0-9a-f:.]+\]|[a-z0-9_-]+(\.[a-z0-9_-]+)*):(\d{1,5}|\*)$/, "entries must be host:port, like localhost:11434"),
      ),
    ),
  /** Replaced by OUTBOUND_ALLOW_HOSTS: a deployment that still sets it is told at start, not by refused deliveries. */
  OUTBOUND_WEBHOOKS_ALLOW_LOCAL: z
    .undefined({ error: "was replaced by OUTBOUND_ALLOW_HOSTS (host:port entries, e.g. 127.0.0.1:8080)" })
    .optional(),
  /** How long one outbound webhook attempt may take before it counts as failed (and is retried). */
  OUTBOUND_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** How many days the outbound webhook log keeps an event with its deliveries and attempts (a daily job deletes older ones). */
  OUTBOUND_WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  /**
   * How long after an in-doubt send's claim a status of a later send of its number must arrive, with none
   * naming it, before it is sent again (src/server/inbox/delivery.ts). Keep it above the provider timeout (30 s).
   */
  SEND_DOUBT_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
  /** Run the job worker inside the Next.js server (default) or only in `npm run worker`. */
  WORKER_IN_PROCESS: z.stringbool().default(true),
  /**
   * Next.js's own switch: true leaves SIGTERM/SIGINT to the app, which then
   * exits only once its running jobs have finished (src/instrumentation.ts).
   * `npm start` and `npm run start:local` set it.
   */
  NEXT_MANUAL_SIG_HANDLE: z.stringbool().default(false),
});

/** Supabase's transaction pooler (Supavisor, port 6543): no prepared statements, no LISTEN, no session state. */
export const isTransactionPooler = (url: string) => new URL(url).port === "6543";

const consistentEnv = envSchema.superRefine((values, ctx) => {
  if (isTransactionPooler(values.DATABASE_URL) && !values.DATABASE_DIRECT_URL) {
    ctx.addIssue({
      code: "custom",
      path: ["DATABASE_DIRECT_URL"],
      message:
        "is required with a transaction pooler DATABASE_URL (port 6543): live updates (LISTEN) and the job queue need a direct or session connection",
    });
  }
  // Supabase Auth needs all three: a half-configured deployment fails at start, not at the first invitation.
  if (values.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY) {
    for (const key of ["NEXT_PUBLIC_SUPABASE_URL", "SUPABASE_SECRET_KEY"] as const) {
      if (!values[key])
        ctx.addIssue({ code: "custom", path: [key], message: "is required with NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY (Supabase Auth)" });
    }
  }
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parses process.env on first use; a wrong value throws naming the variable. */
export function env(): Env {
  if (!cached) {
    const parsed = consistentEnv.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
      throw new Error(`Invalid environment:\n${problems.join("\n")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** The connection for LISTEN and the job queue (see DATABASE_DIRECT_URL). */
export const directDatabaseUrl = () => env().DATABASE_DIRECT_URL ?? env().DATABASE_URL;

/**
 * LOG_LEVEL alone, read when the logger is created at import: the rest of
 * the environment may not be valid yet (the first env() call names what is wrong).
 */
export function logLevel(): Env["LOG_LEVEL"] {
  const parsed = envSchema.shape.LOG_LEVEL.safeParse(process.env.LOG_LEVEL || undefined);
  if (!parsed.success) throw new Error(`Invalid environment:\n  LOG_LEVEL: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
