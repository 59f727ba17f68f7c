import "server-only";
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import type { Tx } from "@/server/db/client";

export interface InvitedUser {
  id: string;
  email: string;
  /** Set when the account was created now: shown once to the admin who invited. */
  temporaryPassword?: string;
}

/**
 * Local auth mode's invite: finds the account for an email, or creates one
 * with a one-time password (there is no mail server to send a link).
 * Runs as the service role.
 */
export async function findOrCreateUserByEmail(tx: Tx, rawEmail: string, fullName?: string): Promise<InvitedUser> {
  const email = rawEmail.trim().toLowerCase();
  const [existing] = await tx<{ id: string; email: string }[]>`
    select id, email from auth.users where lower(email) = ${email} and deleted_at is null limit 1`;
  if (existing) return existing;

  const temporaryPassword = randomBytes(9).toString("base64url");
  const hash = await bcrypt.hash(temporaryPassword, 10);
  const meta = { full_name: fullName ?? email.split("@")[0] };
  const [created] = await tx<{ id: string; email: string }[]>`
    insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, invited_at,
                            raw_app_meta_data, raw_user_meta_data)
    values (gen_random_uuid(), 'authenticated', 'authenticated', ${email}, ${hash}, now(), now(),
            ${tx.json({ provider: "email", providers: ["email"] })}, ${tx.json(meta)})
    returning id, email`;
  if (!created) throw new Error("user insert returned no row");
  return { ...created, temporaryPassword };
}
