import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth/auth-card";
import { NewPasswordForm } from "@/components/auth/password-reset-forms";
import { requireSessionClaims } from "@/server/auth/current-user";
import { authProvider } from "@/server/auth/mode";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.reset");
  return { title: t("title") };
}

/** Where a reset link lands once /auth/confirm has turned it into a session. */
export default async function ResetPasswordPage() {
  const claims = await requireSessionClaims();
  if (!authProvider().passwordReset) notFound();
  const t = await getTranslations("auth.reset");
  return (
    <AuthCard>
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      <p className="mt-1 mb-6 text-sm text-slate-500">
        {t.rich("forEmail", { email: claims.email, strong: (chunks) => <strong className="font-medium text-slate-700">{chunks}</strong> })}
      </p>
      <NewPasswordForm email={claims.email} />
    </AuthCard>
  );
}
