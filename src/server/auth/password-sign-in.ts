import "server-only";
import bcrypt from "bcryptjs";
import { asService, type Tx } from "@/server/db/client";
import { AppError, type ErrorText } from "@/server/errors";

/**
 * How long failures count: a day for an account (a successful sign-in
 * deletes them), an hour for an address, which many people may share (an
 * office or a NAT: see client-address.ts).
 */
const EMAIL_WINDOW_MS = 24 * 60 * 60 * 1000;
const IP_WINDOW_MS = 60 * 60 * 1000;
/** Older failures count for nothing: the nightly prune (auth/retention.ts) deletes them. */
export const LOGIN_ATTEMPT_WINDOW_MS = Math.max(EMAIL_WINDOW_MS, IP_WINDOW_MS);
/** Failures allowed without any delay: per account (any address), and per address (any account). */
const FREE_FAILURES_PER_EMAIL = 5;
const FREE_FAILURES_PER_IP = 20;
/** After the free failures the wait before the next attempt doubles from 1 s, up to this. */
const MAX_DELAY_MS = 15 * 60 * 1000;
// Compared against when the email is unknown, so both paths cost one bcrypt.
const DUMMY_HASH = "$2a$10$CwTycUXWue0Thq9StjUM0uJ8.qX3kGGqL4wMQmXfdSLrQnYDkfK2O";

const normalize = (email: string) => email.trim().toLowerCase();

/** The wait after `failures` failures, counted from the last one: 0 for the free ones, then 1 s, 2 s, 4 s … capped. */
export function signInDelayMs(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(1000 * 2 ** (failures - free), MAX_DELAY_MS);
}

function waitMessage(ms: number): ErrorText {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 60
    ? { key: "errors.auth.waitSeconds", values: { seconds } }
    : { key: "errors.auth.waitMinutes", values: { minutes: Math.ceil(seconds / 60) } };
}

/**
 * The sign-in limit both auth modes share, progressive rather than a lock:
 * the account (whatever the address) and the address (whatever the
 * account) each get a few free failures, then must wait a delay that
 * doubles with every further failure, counted from the last one. An
 * attacker guessing stays throttled (one guess per delay, 15 minutes at
 * most between guesses once the cap is reached); the owner gets in with
 * the right password once the delay has passed, which deletes the
 * account's failures. Refused attempts are not counted, so waiting is
 * enough. Kept in the database: it holds across app instances. Service role.
 */
export async function assertSignInAllowed(tx: Tx, email: string, ip: string | null, now = new Date()) {
  const emailSince = new Date(now.getTime() - EMAIL_WINDOW_MS);
  const ipSince = new Date(now.getTime() - IP_WINDOW_MS);
  const [failures] = await tx<{ by_email: number; email_last: Date | null; by_ip: number; ip_last: Date | null }[]>`
    select count(*) filter (where lower(email) = ${normalize(email)} and attempted_at > ${emailSince})::int as by_email,
           max(attempted_at) filter (where lower(email) = ${normalize(email)} and attempted_at > ${emailSince}) as email_last,
           count(*) filter (where ip = ${ip} and attempted_at > ${ipSince})::int as by_ip,
           max(attempted_at) filter (where ip = ${ip} and attempted_at > ${ipSince}) as ip_last
    from private.login_attempts
    where (lower(email) = ${normalize(email)} and attempted_at > ${emailSince}) or (ip = ${ip} and attempted_at > ${ipSince})`;
  if (!failures) return;
  const waitUntil = Math.max(
    (failures.email_last?.getTime() ?? 0) + signInDelayMs(failures.by_email, FREE_FAILURES_PER_EMAIL),
    (failures.ip_last?.getTime() ?? 0) + signInDelayMs(failures.by_ip, FREE_FAILURES_PER_IP),
  );
  if (waitUntil > now.getTime()) throw new AppError("rate_limited", waitMessage(waitUntil - now.getTime()));
}

export async function recordSignInFailure(tx: Tx, email: string, ip: string | null, now = new Date()) {
  await tx`insert into private.login_attempts (email, ip, attempted_at) values (${normalize(email)}, ${ip}, ${now})`;
}

export async function clearSignInFailures(tx: Tx, email: string) {
  await tx`delete from private.login_attempts where lower(email) = ${normalize(email)}`;
}

/**
 * Local auth mode: checks the password against auth.users.encrypted_password
 * (bcrypt, as GoTrue stores it). Attempts on one account are serialized (an
 * advisory lock for the transaction), so parallel guesses cannot all slip
 * through one free slot.
 */
export async function signInWithPassword(input: { email: string; password: string; ip: string | null }, now = new Date()) {
  const email = normalize(input.email);
  return asService(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtextextended(${`sign-in:${email}`}, 0))`;
    await assertSignInAllowed(tx, email, input.ip, now);
    const [user] = await tx<{ id: string; email: string; encrypted_password: string | null }[]>`
      select id, email, encrypted_password from auth.users
      where lower(email) = ${email} and deleted_at is null
        and (banned_until is null or banned_until < ${now})
      limit 1`;
    const valid = await bcrypt.compare(input.password, user?.encrypted_password ?? DUMMY_HASH);
    if (!user?.encrypted_password || !valid) {
      await recordSignInFailure(tx, email, input.ip, now);
      return null;
    }
    await clearSignInFailures(tx, email);
    await tx`update auth.users set last_sign_in_at = ${now} where id = ${user.id}`;
    return { id: user.id, email: user.email };
  });
}
