import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { AuthCard } from "@/components/auth/auth-card";
import { getSessionClaims } from "@/server/auth/current-user";
import { previewInvitationLink } from "@/server/workspaces/join-workspace";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.invite");
  return { title: t("title") };
}

/** Public: where an invitation link lands, whether or not the visitor is signed in. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, claims, t] = await Promise.all([previewInvitationLink(token), getSessionClaims(), getTranslations("auth.invite")]);
  const closedAs = !invitation ? "missing" : invitation.status !== "pending" ? invitation.status : null;
  const strong = (chunks: ReactNode) => <strong className="font-medium text-slate-700">{chunks}</strong>;

  return (
    <AuthCard>
      {closedAs || !invitation ? (
        <>
          <h1 className="text-lg font-semibold">{t(`${closedAs ?? "missing"}Title`)}</h1>
          <p className="mt-1 mb-6 text-sm text-slate-500">{t(`${closedAs ?? "missing"}Body`)}</p>
          <Link href="/login" className="text-sm font-medium text-brand-700 hover:underline">
            {t("goToSignIn")}
          </Link>
        </>
      ) : (
        <>
          <h1 className="text-lg font-semibold">{t("join", { workspace: invitation.workspaceName })}</h1>
          <p className="mt-1 mb-6 text-sm text-slate-500">
            {t.rich("invitedAs", { role: invitation.role, email: invitation.email, strong })}
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
