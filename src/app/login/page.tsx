import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { FormError } from "@/components/ui/field";
import { getSessionClaims } from "@/server/auth/current-user";
import { authProvider } from "@/server/auth/mode";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.login");
  return { title: t("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  if (await getSessionClaims()) redirect("/inbox");
  const { next, error } = await searchParams;
  const t = await getTranslations("auth.login");
  return (
    <AuthCard>
      <h1 className="text-lg font-semibold">{t("heading")}</h1>
      <p className="mt-1 mb-6 text-sm text-slate-500">{t("intro")}</p>
      {error === "link" && (
        <div className="mb-4">
          <FormError message={t("linkExpired")} />
        </div>
      )}
      <LoginForm next={next} />
      {authProvider().passwordReset && (
        <Link href="/forgot-password" className="mt-6 inline-block text-sm font-medium text-brand-700 hover:underline">
          {t("forgot")}
        </Link>
      )}
    </AuthCard>
  );
}
