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

type Mode = "read write" | "read only";

/**
 * The one way to run a transaction with claims: begin, the claims and role,
 * and fn's first queries leave in one write to the server and run in order,
 * so a transaction costs one round trip less than postgres.js's `begin`
 * (which waits for BEGIN before running fn). When fn returns a query it has
 * not awaited (a single-statement transaction: `(tx) => tx\`insert …\``), the
 * COMMIT leaves right behind it too: one round trip in all. The first error
 * (begin, the setting, fn) is the one thrown, after the transaction has been
 * rolled back.
 */
export async function withClaims<T>(mode: Mode, claims: string, role: string, fn: (tx: Tx) => T | Promise<T>): Promise<Awaited<T>> {
  const connection = await db().reserve();
  try {
    const tx = transactionOf(connection);
    const begin = connection.unsafe(`begin ${mode}`).execute();
    const setting = tx`select set_config('request.jwt.claims', ${claims}, true), set_config('role', ${role}, true)`.execute();
    const returned = call(fn, tx);
    const single = isQuery(returned);
    const work = single ? returned.execute() : Promise.resolve(returned);
    // Sent now, behind the query; if anything before it failed, the server answers ROLLBACK instead.
    const earlyCommit = single ? connection`commit`.execute() : null;
    const [began, set, result] = await Promise.allSettled([begin, setting, work]);
    const failure = [began, set, result].find((step) => step.status === "rejected");
    if (failure) {
      if (earlyCommit) await earlyCommit.catch(() => {});
      else await connection`rollback`.catch(() => {});
      throw failure.reason;
    }
    const commit = await (earlyCommit ?? connection`commit`.execute());
    if (commit.command !== "COMMIT") throw new Error(`transaction ended in ${commit.command}`);
    return (result as PromiseFulfilledResult<Awaited<T>>).value;
  } finally {
    connection.release();
  }
}

/** fn's answer; a synchronous throw becomes a rejection (begin and the setting are on their way: the rollback must follow them). */
function call<T>(fn: (tx: Tx) => T | Promise<T>, tx: Tx): T | Promise<T> {
  try {
    return fn(tx);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** A postgres.js query not yet awaited (its thenable is lazy: it is sent on execute or then). */
function isQuery(value: unknown): value is postgres.PendingQuery<postgres.Row[]> {
  return typeof value === "object" && value !== null && "execute" in value && typeof value.execute === "function";
}

/** The reserved connection as a transaction: what Tx offers beyond plain queries is savepoints. */
function transactionOf(connection: postgres.ReservedSql): Tx {
  let savepoints = 0;
  async function savepoint<U>(nameOrFn: string | ((sql: Tx) => U | Promise<U>), maybeFn?: (sql: Tx) => U | Promise<U>) {
    const fn = typeof nameOrFn === "function" ? nameOrFn : maybeFn;
    if (!fn) throw new Error("savepoint needs a function");
    const name = `s${savepoints++}${typeof nameOrFn === "string" ? `_${nameOrFn.replace(/\W/g, "")}` : ""}`;
    await connection.unsafe(`savepoint ${name}`);
    try {
      const returned = fn(tx);
      return await (isQuery(returned) ? returned.execute() : returned);
    } catch (error) {
      await connection.unsafe(`rollback to ${name}`);
      throw error;
    }
  }
  const tx = Object.assign(connection, {
    savepoint,
    prepare: () => {
      throw new Error("two-phase commit is not supported");
    },
  }) as unknown as Tx;
  return tx;
}

function asAuthenticated<T>(claims: UserClaims | ApiKeyClaims, mode: Mode, fn: (tx: Tx) => Promise<T>) {
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
