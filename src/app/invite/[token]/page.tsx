import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { AuthCard } from "@/components/auth/auth-card";
import { ROLE_LABELS } from "@/lib/roles";
import { getSessionClaims } from "@/server/auth/current-user";
import { previewInvitationLink } from "@/server/workspaces/join-workspace";

export const metadata: Metadata = { title: "Join a workspace" };

const CLOSED = {
  expired: { title: "This invitation has expired", body: "Invitation links work for 7 days. Ask an admin of the workspace for a new one." },
  accepted: { title: "This invitation has been used", body: "Each link works once. If it was you, sign in to open the workspace." },
  revoked: { title: "This invitation was withdrawn", body: "Ask an admin of the workspace for a new link." },
  missing: { title: "Invitation not found", body: "Check that you copied the whole link, or ask for a new one." },
};

/** Public: where an invitation link lands, whether or not the visitor is signed in. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, claims] = await Promise.all([previewInvitationLink(token), getSessionClaims()]);
  const closed = !invitation ? CLOSED.missing : invitation.status !== "pending" ? CLOSED[invitation.status] : null;

  return (
    <AuthCard>
      {closed || !invitation ? (
        <>
          <h1 className="text-lg font-semibold">{closed?.title}</h1>
          <p className="mt-1 mb-6 text-sm text-slate-500">{closed?.body}</p>
          <Link href="/login" className="text-sm font-medium text-brand-700 hover:underline">
            Go to sign-in
          </Link>
        </>
      ) : (
        <>
          <h1 className="text-lg font-semibold">Join {invitation.workspaceName}</h1>
          <p className="mt-1 mb-6 text-sm text-slate-500">
            You are invited as <strong className="font-medium text-slate-700">{ROLE_LABELS[invitation.role].toLowerCase()}</strong> with{" "}
            <strong className="font-medium text-slate-700">{invitation.email}</strong>.
          </p>
          <AcceptInvitationForm
            token={token}
            email={invitation.email}
            mode={!invitation.accountExists ? "new" : claims?.email.toLowerCase() === invitation.email ? "session" : "password"}
            signedInAs={claims && claims.email.toLowerCase() !== invitation.email ? claims.email : null}
          />
        </>
      )}
    </AuthCard>
  );
}
