import { describe, expect, it } from "vitest";
import { asService, asUser } from "@/server/db/client";
import { claimsFor, createUser } from "../support/fixtures";

const marker = () => `tx-test-${Math.random().toString(36).slice(2)}`;
const countOf = async (name: string) =>
  (await asService((tx) => tx<{ n: number }[]>`select count(*)::int as n from public.workspaces where name = ${name}`))[0]?.n;

// Pipelined transactions (db/client.ts): begin, claims and queries leave together; a single statement commits in the same write.
describe("a transaction with claims", () => {
  it("commits a single statement returned without awaiting", async () => {
    const name = marker();
    const rows = await asService((tx) => tx`insert into public.workspaces (name, slug) values (${name}, ${name}) returning name`);
    expect(rows.map((r) => r.name)).toEqual([name]);
    expect(await countOf(name)).toBe(1);
  });

  it("rolls back a failing single statement, and a failure after a write, leaving the pool's connections usable", async () => {
    const name = marker();
    for (let i = 0; i < 8; i++) {
      await expect(asService((tx) => tx`insert into public.workspaces (name, slug) values (${name}, null)`)).rejects.toThrow();
      await expect(
        asService(async (tx) => {
          await tx`insert into public.workspaces (name, slug) values (${name}, ${`${name}-${i}`})`;
          throw new Error("after the write");
        }),
      ).rejects.toThrow("after the write");
      await expect(
        asService((tx) => {
          void tx;
          throw new Error("at once");
        }),
      ).rejects.toThrow("at once");
    }
    expect(await countOf(name)).toBe(0);
    // Had a failure left a connection inside its transaction, the next one to use it would fail here.
    const states = await Promise.all(
      Array.from({ length: 8 }, () => asService((tx) => tx<{ role: string }[]>`select current_setting('role') as role`)),
    );
    expect(states.every(([row]) => row?.role === "service_role")).toBe(true);
  });

  it("sets the claims before fn's first query and rolls a savepoint back alone", async () => {
    const user = await createUser();
    const name = marker();
    const uid = await asUser(claimsFor(user), async (tx) => {
      const [row] = await tx<{ uid: string }[]>`select auth.uid()::text as uid`;
      await tx.savepoint((sp) => sp`insert into public.workspaces (name, slug) values (${name}, null)`).catch(() => {});
      return row?.uid;
    });
    expect(uid).toBe(user.id);
    expect(await countOf(name)).toBe(0);
  });
});
