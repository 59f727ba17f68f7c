import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/password-reset-forms";
import { authProvider } from "@/server/auth/mode";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.forgot");
  return { title: t("title") };
}

/** Public; only where the auth mode can mail (local accounts ask an admin instead). */
export default async function ForgotPasswordPage() {
  // Rendered per request: the auth mode comes from the server's environment, not the build's.
  await connection();
  if (!authProvider().passwordReset) notFound();
  const t = await getTranslations("auth.forgot");
  return (
    <AuthCard>
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      <p className="mt-1 mb-6 text-sm text-slate-500">{t("intro")}</p>
      <ForgotPasswordForm />
      <Link href="/login" className="mt-6 inline-block text-sm font-medium text-brand-700 hover:underline">
        {t("back")}
      </Link>
    </AuthCard>
  );
}
