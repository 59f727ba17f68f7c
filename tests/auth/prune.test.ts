import { describe, expect, it } from "vitest";
import { pruneAuthRecords } from "@/server/auth/retention";
import { asService } from "@/server/db/client";
import { createUser, unique } from "../support/fixtures";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
// Other test files write sessions and attempts to the same database meanwhile: prune only with clocks at or before now.
const ago = (ms: number) => new Date(Date.now() - ms);

async function session(userId: string, expiresAt: Date, revokedAt: Date | null = null) {
  const [row] = await asService(
    (tx) => tx<{ id: string }[]>`
      insert into private.sessions (user_id, created_at, expires_at, revoked_at)
      values (${userId}, ${ago(40 * DAY)}, ${expiresAt}, ${revokedAt}) returning id`,
  );
  return row?.id ?? "";
}

async function attempt(email: string, at: Date) {
  const [row] = await asService(
    (tx) =>
      tx<
        { id: string }[]
      >`insert into private.login_attempts (email, ip, attempted_at) values (${email}, '192.0.2.1', ${at}) returning id::text`,
  );
  return row?.id ?? "";
}

async function remaining(sessionIds: string[], attemptIds: string[]) {
  return asService(async (tx) => ({
    sessions: (await tx<{ id: string }[]>`select id from private.sessions where id = any(${sessionIds}::uuid[]) order by id`).map(
      (r) => r.id,
    ),
    attempts: (
      await tx<{ id: string }[]>`select id::text from private.login_attempts where id = any(${attemptIds}::bigint[]) order by id`
    ).map((r) => r.id),
  }));
}

describe("the nightly auth prune", () => {
  it("deletes sessions ended over 30 days ago and sign-in failures past the 24-hour window, in batches; keeps the rest", async () => {
    const user = await createUser();
    const gone = [await session(user.id, ago(31 * DAY)), await session(user.id, ago(-DAY), ago(31 * DAY))];
    const kept = [
      await session(user.id, ago(-DAY)),
      await session(user.id, ago(29 * DAY)),
      await session(user.id, ago(-DAY), ago(2 * DAY)),
    ];
    const email = `${unique("prune")}@test.local`;
    const staleAttempts = [await attempt(email, ago(25 * HOUR)), await attempt(email, ago(3 * DAY))];
    const freshAttempts = [await attempt(email, ago(23 * HOUR))];

    const deleted = await pruneAuthRecords({ batchSize: 1 });
    expect(deleted.sessions).toBeGreaterThanOrEqual(2);
    expect(deleted.loginAttempts).toBeGreaterThanOrEqual(2);
    expect(await remaining([...gone, ...kept], [...staleAttempts, ...freshAttempts])).toEqual({
      sessions: [...kept].sort(),
      attempts: freshAttempts,
    });
  });

  it("counts from the clock it is given", async () => {
    const user = await createUser();
    const ended = await session(user.id, ago(35 * DAY));
    const failed = await attempt(`${unique("prune")}@test.local`, ago(50 * HOUR));
    await pruneAuthRecords({ now: ago(6 * DAY) });
    expect(await remaining([ended], [failed])).toEqual({ sessions: [ended], attempts: [failed] });
    await pruneAuthRecords({ now: ago(0) });
    expect(await remaining([ended], [failed])).toEqual({ sessions: [], attempts: [] });
  });
});
