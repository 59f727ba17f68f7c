import "server-only";
import bcrypt from "bcryptjs";
import { z } from "zod";
import type { Tx } from "@/server/db/client";

/** bcrypt reads at most 72 bytes; longer passwords would be silently cut. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_BYTES = 72;

/** A password someone chooses (sign-up, reset, change): long enough, and all of it read by bcrypt. */
export const newPasswordSchema = z
  .string()
  .refine((p) => p.length >= PASSWORD_MIN_LENGTH, {
    message: "validation.passwordTooShort",
    params: { min: PASSWORD_MIN_LENGTH },
    abort: true,
  })
  .refine((p) => new TextEncoder().encode(p).length <= PASSWORD_MAX_BYTES, "validation.passwordTooLong");

/** has_password is false for an account Supabase Auth created by inviting the address, until its first password. */
export function findUserByEmail(tx: Tx, email: string) {
  return tx<{ id: string; email: string; has_password: boolean }[]>`
    select id, email, coalesce(encrypted_password, '') <> '' as has_password
    from auth.users where lower(email) = ${email.trim().toLowerCase()} and deleted_at is null limit 1`;
}

/**
 * Local auth mode: creates an account with a bcrypt password, as GoTrue
 * stores it (confirmed: the person proved the address by opening the
 * invitation link sent to it). Runs as the service role.
 */
export async function createPasswordUser(tx: Tx, input: { email: string; password: string; fullName: string }) {
  const hash = await bcrypt.hash(input.password, 10);
  const [created] = await tx<{ id: string; email: string }[]>`
    insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, invited_at,
                            raw_app_meta_data, raw_user_meta_data)
    values (gen_random_uuid(), 'authenticated', 'authenticated', ${input.email.trim().toLowerCase()}, ${hash}, now(), now(),
            ${tx.json({ provider: "email", providers: ["email"] })}, ${tx.json({ full_name: input.fullName })})
    returning id, email`;
  if (!created) throw new Error("user insert returned no row");
  return created;
}
