import "server-only";
import postgres from "postgres";
import { env, isTransactionPooler } from "@/server/env";
import type { ApiKeyClaims, UserClaims } from "./claims";

export type Sql = postgres.Sql;
/** A transaction: what every query module takes as its first argument. */
export type Tx = postgres.TransactionSql;

const globalForDb = globalThis as unknown as { conversaSql?: Sql };

/** The one connection pool of this process (kept across dev hot reloads). */
export function db(): Sql {
  if (!globalForDb.conversaSql) {
    const { DATABASE_URL, DATABASE_POOL_MAX } = env();
    globalForDb.conversaSql = postgres(DATABASE_URL, {
      max: DATABASE_POOL_MAX,
      // Supabase's transaction pooler cannot keep prepared statements.
      prepare: !isTransactionPooler(DATABASE_URL),
      onnotice: () => {},
      connection: { application_name: "conversa" },
    });
  }
  return globalForDb.conversaSql;
}

/**
 * A transaction that first sets the claims and role. The setting is not
 * awaited before fn starts: its statement and fn's first query go to the
 * server in one write and run in order, which saves a round trip per
 * transaction. Should the setting fail, its error is the one thrown.
 */
function withClaims<T>(mode: "read write" | "read only", claims: string, role: string, fn: (tx: Tx) => Promise<T>) {
  return db().begin(mode, async (tx) => {
    const setting = tx`select set_config('request.jwt.claims', ${claims}, true), set_config('role', ${role}, true)`.execute();
    const [, result] = await Promise.all([setting, fn(tx)]);
    return result;
  }) as Promise<T>;
}

function asAuthenticated<T>(claims: UserClaims | ApiKeyClaims, mode: "read write" | "read only", fn: (tx: Tx) => Promise<T>) {
  return withClaims(mode, JSON.stringify(claims), "authenticated", fn);
}

/**
 * Runs fn in one transaction as the signed-in user, the way PostgREST does:
 * claims in request.jwt.claims and role `authenticated`, so RLS decides what
 * the queries can see and change.
 */
export function asUser<T>(claims: UserClaims, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return asAuthenticated(claims, "read write", fn);
}

/**
 * Runs fn as an API key, through the same RLS path as a member. A read key's
 * transaction is READ ONLY, so the database refuses any write it attempts.
 */
export function asApiKey<T>(claims: ApiKeyClaims, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return asAuthenticated(claims, claims.scope === "read" ? "read only" : "read write", fn);
}

/**
 * Runs fn in one transaction as `service_role` (bypasses RLS): for webhooks,
 * workers and sign-in. Every statement must scope itself to a workspace.
 */
export function asService<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withClaims("read write", '{"role":"service_role"}', "service_role", fn);
}
