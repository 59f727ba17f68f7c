import "server-only";
import postgres from "postgres";
import type { ApiKeyClaims, UserClaims } from "@/server/auth/claims";
import { env, isTransactionPooler } from "@/server/env";

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

function asAuthenticated<T>(claims: UserClaims | ApiKeyClaims, mode: "read write" | "read only", fn: (tx: Tx) => Promise<T>) {
  return db().begin(mode, async (tx) => {
    await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
                    set_config('role', 'authenticated', true)`;
    return fn(tx);
  }) as Promise<T>;
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
  return db().begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', '{"role":"service_role"}', true),
                    set_config('role', 'service_role', true)`;
    return fn(tx);
  }) as Promise<T>;
}
