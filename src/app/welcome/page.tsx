import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth/auth-card";
import { WorkspaceForm } from "@/components/settings/workspace-form";
import { timeZoneOptions } from "@/lib/business-hours";
import { countryOptions } from "@/lib/countries";
import { requireSessionClaims } from "@/server/auth/current-user";
import { getWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.welcome");
  return { title: t("title") };
}

/** Where a signed-in user with no workspace lands (for example after being removed from their only one). */
export default async function WelcomePage() {
  await requireSessionClaims();
  if (await getWorkspaceContext()) redirect("/inbox");
  const t = await getTranslations("auth.welcome");
  return (
    <AuthCard width="lg">
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      <p className="mt-1 mb-6 text-sm text-slate-500">{t("intro")}</p>
      <WorkspaceForm mode="create" countries={countryOptions()} timeZones={timeZoneOptions()} />
    </AuthCard>
  );
}
