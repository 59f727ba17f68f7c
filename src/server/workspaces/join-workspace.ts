import "server-only";
import { authProvider } from "@/server/auth/mode";
import type { CookieJar } from "@/server/auth/provider";
import { asService } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { acceptInvitation, assertInvitationOpen, previewInvitation } from "./invitations";

/** How an invitee proves who they are when they open their link. */
export type InviteeProof =
  /** A new person: chooses a name and a password for the invited email. */
  | { kind: "new"; fullName: string; password: string }
  /** The invited email already has an account: its password (rate-limited like sign-in). */
  | { kind: "password"; password: string }
  /** Already signed in as the invited email. */
  | { kind: "session" };

/**
 * Joins a workspace through an invitation link and signs the invitee in,
 * in either auth mode (the auth provider makes accounts and sessions; the
 * invitation decides workspace and role). A new person's account is created
 * in the transaction that accepts the invitation.
 */
export async function joinWithInvitation(
  jar: CookieJar,
  token: string,
  proof: InviteeProof,
  ip: string | null,
): Promise<{ workspaceId: string }> {
  const invitation = await previewInvitationLink(token);
  if (!invitation) throw new AppError("not_found", "errors.workspaces.invitationInvalid");
  assertInvitationOpen(invitation.status);
  const auth = authProvider();
  if (proof.kind === "new") {
    const joined = await asService((tx) => acceptInvitation(tx, token, proof));
    await auth.signIn(jar, { email: invitation.email, password: proof.password, ip });
    return joined;
  }
  let userId: string;
  if (proof.kind === "session") {
    const claims = await auth.getClaims(jar);
    if (!claims) throw new AppError("unauthenticated", "errors.common.signInAgain");
    userId = claims.sub;
  } else {
    const user = await auth.signIn(jar, { email: invitation.email, password: proof.password, ip });
    if (!user) throw new AppError("unauthenticated", "errors.auth.wrongPassword");
    userId = user.id;
  }
  return asService((tx) => acceptInvitation(tx, token, { kind: "existing", userId }));
}

/** What the public invitation page shows for a link (null: no such invitation). */
export function previewInvitationLink(token: string) {
  if (!/^[0-9a-f]{48}$/.test(token)) return Promise.resolve(null);
  return asService((tx) => previewInvitation(tx, token));
}
