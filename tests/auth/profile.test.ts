import { describe, expect, it } from "vitest";
import { signInWithPassword } from "@/server/auth/password-sign-in";
import { changeLocalPassword, setLocalDisplayName } from "@/server/auth/profile";
import { verifySession } from "@/server/auth/sessions";
import { newPasswordSchema } from "@/server/auth/users";
import { asService, asUser } from "@/server/db/client";
import { listMembers } from "@/server/workspaces/queries";
import { expectAppError } from "../support/app-error";
import { createTeam, createUser, sessionTokenFor } from "../support/fixtures";

/** A moment far from other tests' (the sign-in limit counts failures by time). */
const isolatedNow = () => new Date(Date.UTC(2200, 0, 1) + Math.floor(Math.random() * 1e6) * 60_000);

async function sessionOf(user: { id: string; email: string }) {
  const token = await sessionTokenFor(user);
  const claims = await verifySession(token);
  if (!claims?.session_id) throw new Error("no session");
  return { token, id: claims.session_id };
}

describe("changing the password (local auth mode)", () => {
  it("refuses a wrong current password and keeps the old one", async () => {
    const user = await createUser({ password: "old-password" });
    const now = isolatedNow();
    await expectAppError(
      changeLocalPassword(
        { userId: user.id, currentPassword: "not-it", newPassword: "new-password", ip: "10.9.0.1", keepSessionId: undefined },
        now,
      ),
      "invalid",
      /current password is wrong/,
    );
    expect(await signInWithPassword({ email: user.email, password: "old-password", ip: "10.9.0.1" }, now)).not.toBeNull();
    expect(await signInWithPassword({ email: user.email, password: "new-password", ip: "10.9.0.1" }, now)).toBeNull();
  });

  it("sets the new password, keeps this session and ends the user's other sessions", async () => {
    const user = await createUser({ password: "old-password" });
    const here = await sessionOf(user);
    const elsewhere = await sessionOf(user);
    const now = new Date();
    await changeLocalPassword(
      { userId: user.id, currentPassword: "old-password", newPassword: "new-password", ip: "10.9.0.2", keepSessionId: here.id },
      now,
    );
    expect(await signInWithPassword({ email: user.email, password: "new-password", ip: "10.9.0.2" })).not.toBeNull();
    expect(await signInWithPassword({ email: user.email, password: "old-password", ip: "10.9.0.2" })).toBeNull();
    expect(await verifySession(here.token)).not.toBeNull();
    expect(await verifySession(elsewhere.token)).toBeNull();
  });

  it("counts wrong current passwords as failed sign-ins: after five the account must wait, even with the right one", async () => {
    const user = await createUser({ password: "old-password" });
    const now = isolatedNow();
    const attempt = (currentPassword: string) =>
      changeLocalPassword({ userId: user.id, currentPassword, newPassword: "new-password", ip: "10.9.0.3", keepSessionId: undefined }, now);
    for (let i = 0; i < 5; i++) await expectAppError(attempt(`guess-${i}`), "invalid");
    await expectAppError(attempt("old-password"), "rate_limited");
    // The login form shares the limit.
    await expectAppError(signInWithPassword({ email: user.email, password: "old-password", ip: "10.9.0.4" }, now), "rate_limited");
    // Once the delay has passed, the right password works and clears the failures.
    await changeLocalPassword(
      { userId: user.id, currentPassword: "old-password", newPassword: "new-password", ip: "10.9.0.3", keepSessionId: undefined },
      new Date(now.getTime() + 1500),
    );
  });

  it("validates the new password as sign-up does", () => {
    expect(newPasswordSchema.safeParse("short").success).toBe(false);
    expect(newPasswordSchema.safeParse("é".repeat(37)).success).toBe(false);
    expect(newPasswordSchema.safeParse("long-enough").success).toBe(true);
  });
});

describe("changing the display name", () => {
  it("shows the new name to the user's teammates and keeps the other metadata", async () => {
    const team = await createTeam();
    await asService(
      (tx) => tx`update auth.users set raw_user_meta_data = raw_user_meta_data || '{"locale":"id"}' where id = ${team.agent.id}`,
    );
    await setLocalDisplayName(team.agent.id, "Dewi Lestari");
    const members = await asUser(team.owner.claims, (tx) => listMembers(tx, team.workspaceId));
    expect(members.find((m) => m.user_id === team.agent.id)?.full_name).toBe("Dewi Lestari");
    const [row] = await asService(
      (tx) => tx<{ meta: Record<string, string> }[]>`select raw_user_meta_data as meta from auth.users where id = ${team.agent.id}`,
    );
    expect(row?.meta).toMatchObject({ full_name: "Dewi Lestari", locale: "id" });
  });
});
