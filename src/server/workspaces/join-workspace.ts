import "server-only";
import { signInWithPassword } from "@/server/auth/password-sign-in";
import { asService } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { acceptInvitation, previewInvitation } from "./invitations";

export type JoinAccount =
  /** A new person: the account is created with this password. */
  | { kind: "new"; fullName: string; password: string }
  /** The invited email already has an account: its password proves it is theirs (rate-limited like sign-in). */
  | { kind: "password"; password: string }
  /** Already signed in; the invitation must be for this account's email. */
  | { kind: "session"; userId: string };

/**
 * Joins a workspace through an invitation link and says who to sign in as.
 * Local auth mode: the invitee proves who they are with the account's
 * password, or sets one for the account created now.
 */
export async function joinWithInvitation(token: string, account: JoinAccount, ip: string | null) {
  if (account.kind === "new") return asService((tx) => acceptInvitation(tx, token, account));
  if (account.kind === "session") return asService((tx) => acceptInvitation(tx, token, { kind: "existing", userId: account.userId }));

  const invitation = await asService((tx) => previewInvitation(tx, token));
  if (!invitation) throw new AppError("not_found", "This invitation link is not valid.");
  const user = await signInWithPassword({ email: invitation.email, password: account.password, ip });
  if (!user) throw new AppError("unauthenticated", "Wrong password.");
  return asService((tx) => acceptInvitation(tx, token, { kind: "existing", userId: user.id }));
}

/** What the public invitation page shows for a link (null: no such invitation). */
export function previewInvitationLink(token: string) {
  if (!/^[0-9a-f]{48}$/.test(token)) return Promise.resolve(null);
  return asService((tx) => previewInvitation(tx, token));
}
