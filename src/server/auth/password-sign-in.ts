import "server-only";
import bcrypt from "bcryptjs";
import { asService, type Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";

const WINDOW = "15 minutes";
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 20;
// Compared against when the email is unknown, so both paths cost one bcrypt.
const DUMMY_HASH = "$2a$10$CwTycUXWue0Thq9StjUM0uJ8.qX3kGGqL4wMQmXfdSLrQnYDkfK2O";

const normalize = (email: string) => email.trim().toLowerCase();

/**
 * The sign-in limit both auth modes share: failures are counted in the
 * database, so the limit holds across app instances. Service role.
 */
export async function assertSignInAllowed(tx: Tx, email: string, ip: string | null) {
  const [failures] = await tx<{ by_email: number; by_ip: number }[]>`
    select count(*) filter (where lower(email) = ${normalize(email)})::int as by_email,
           count(*) filter (where ip = ${ip})::int as by_ip
    from private.login_attempts
    where attempted_at > now() - ${WINDOW}::interval
      and (lower(email) = ${normalize(email)} or ip = ${ip})`;
  if (failures && (failures.by_email >= MAX_FAILURES_PER_EMAIL || failures.by_ip >= MAX_FAILURES_PER_IP)) {
    throw new AppError("rate_limited", "Too many failed sign-in attempts. Try again in 15 minutes.");
  }
}

export async function recordSignInFailure(tx: Tx, email: string, ip: string | null) {
  await tx`insert into private.login_attempts (email, ip) values (${normalize(email)}, ${ip})`;
}

export async function clearSignInFailures(tx: Tx, email: string) {
  await tx`delete from private.login_attempts where lower(email) = ${normalize(email)}`;
}

/**
 * Local auth mode: checks the password against auth.users.encrypted_password
 * (bcrypt, as GoTrue stores it).
 */
export async function signInWithPassword(input: { email: string; password: string; ip: string | null }) {
  const email = normalize(input.email);
  return asService(async (tx) => {
    await assertSignInAllowed(tx, email, input.ip);
    const [user] = await tx<{ id: string; email: string; encrypted_password: string | null }[]>`
      select id, email, encrypted_password from auth.users
      where lower(email) = ${email} and deleted_at is null
        and (banned_until is null or banned_until < now())
      limit 1`;
    const valid = await bcrypt.compare(input.password, user?.encrypted_password ?? DUMMY_HASH);
    if (!user?.encrypted_password || !valid) {
      await recordSignInFailure(tx, email, input.ip);
      return null;
    }
    await clearSignInFailures(tx, email);
    await tx`update auth.users set last_sign_in_at = now() where id = ${user.id}`;
    return { id: user.id, email: user.email };
  });
}
