import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { NewPasswordForm } from "@/components/auth/password-reset-forms";
import { requireSessionClaims } from "@/server/auth/current-user";
import { authProvider } from "@/server/auth/mode";

export const metadata: Metadata = { title: "Choose a new password" };

/** Where a reset link lands once /auth/confirm has turned it into a session. */
export default async function ResetPasswordPage() {
  const claims = await requireSessionClaims();
  if (!authProvider().passwordReset) notFound();
  return (
    <AuthCard>
      <h1 className="text-lg font-semibold">Choose a new password</h1>
      <p className="mt-1 mb-6 text-sm text-slate-500">
        For <strong className="font-medium text-slate-700">{claims.email}</strong>.
      </p>
      <NewPasswordForm email={claims.email} />
    </AuthCard>
  );
}
