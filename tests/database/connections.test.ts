import { afterEach, describe, expect, it, vi } from "vitest";

const saved = { ...process.env };

/** A fresh copy of src/server/env.ts reading the given variables (it caches what it parsed). */
async function loadEnv(vars: Record<string, string | undefined>) {
  vi.resetModules();
  process.env = { ...saved, ...vars };
  return import("@/server/env");
}

afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

describe("database connections", () => {
  const pooler = "postgres://postgres.abc:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres";
  const session = "postgres://postgres.abc:pw@aws-0-eu-central-1.pooler.supabase.com:5432/postgres";

  it("uses DATABASE_URL for LISTEN and the job queue when it is a direct or session connection", async () => {
    const { directDatabaseUrl } = await loadEnv({ DATABASE_URL: session, DATABASE_DIRECT_URL: undefined });
    expect(directDatabaseUrl()).toBe(session);
  });

  it("refuses a transaction pooler URL without a direct one, naming the variable", async () => {
    const { env } = await loadEnv({ DATABASE_URL: pooler, DATABASE_DIRECT_URL: undefined });
    expect(() => env()).toThrow(/DATABASE_DIRECT_URL: is required with a transaction pooler/);
  });

  it("takes LISTEN and the job queue to DATABASE_DIRECT_URL beside a transaction pooler", async () => {
    const { directDatabaseUrl, isTransactionPooler } = await loadEnv({ DATABASE_URL: pooler, DATABASE_DIRECT_URL: session });
    expect(directDatabaseUrl()).toBe(session);
    expect(isTransactionPooler(pooler)).toBe(true);
    expect(isTransactionPooler(session)).toBe(false);
  });
});
