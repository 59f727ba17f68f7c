import "server-only";
import bcrypt from "bcryptjs";
import { asService } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { assertSignInAllowed, clearSignInFailures, recordSignInFailure } from "./password-sign-in";
import { revokeUserSessions } from "./sessions";

/** Local mode: the display name, kept where GoTrue keeps it (raw_user_meta_data.full_name). Service role. */
export async function setLocalDisplayName(userId: string, fullName: string) {
  await asService(
    (tx) => tx`update auth.users set raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || ${tx.json({ full_name: fullName })},
                                     updated_at = now()
               where id = ${userId}`,
  );
}

/**
 * Local mode: a new password for a signed-in user who proves they know the
 * current one. A wrong current password counts as a failed sign-in of the
 * account (the same limit and delays as the login form), so a stolen
 * session cannot be used to guess the password faster than the login page
 * allows. Success ends every other session of the user: whoever else held
 * one, say on a lost phone, is signed out with the old password.
 */
export async function changeLocalPassword(
  input: { userId: string; currentPassword: string; newPassword: string; ip: string | null; keepSessionId: string | undefined },
  now = new Date(),
) {
  const outcome = await asService(async (tx) => {
    const [user] = await tx<{ email: string; encrypted_password: string | null }[]>`
      select email, encrypted_password from auth.users where id = ${input.userId} and deleted_at is null`;
    if (!user) throw new AppError("unauthenticated", "errors.common.signInAgain");
    await tx`select pg_advisory_xact_lock(hashtextextended(${`sign-in:${user.email.toLowerCase()}`}, 0))`;
    await assertSignInAllowed(tx, user.email, input.ip, now);
    if (!user.encrypted_password || !(await bcrypt.compare(input.currentPassword, user.encrypted_password))) {
      // Recorded in this transaction, which commits: the refusal is thrown after it.
      await recordSignInFailure(tx, user.email, input.ip, now);
      return "wrong" as const;
    }
    await clearSignInFailures(tx, user.email);
    await tx`update auth.users set encrypted_password = ${await bcrypt.hash(input.newPassword, 10)}, updated_at = ${now}
             where id = ${input.userId}`;
    await revokeUserSessions(tx, input.userId, now, input.keepSessionId ?? null);
    return "changed" as const;
  });
  if (outcome === "wrong") throw new AppError("invalid", "errors.auth.wrongCurrentPassword", { currentPassword: "Wrong password" });
}
