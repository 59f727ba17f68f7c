import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { WorkspaceForm } from "@/components/settings/workspace-form";
import { timeZoneOptions } from "@/lib/business-hours";
import { countryOptions } from "@/lib/countries";
import { requireSessionClaims } from "@/server/auth/current-user";
import { getWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "Create your workspace" };

/** Where a signed-in user with no workspace lands (for example after being removed from their only one). */
export default async function WelcomePage() {
  await requireSessionClaims();
  if (await getWorkspaceContext()) redirect("/inbox");
  return (
    <AuthCard width="lg">
      <h1 className="text-lg font-semibold">Create your workspace</h1>
      <p className="mt-1 mb-6 text-sm text-slate-500">You are not a member of any workspace yet. Start one, or ask an admin to add you.</p>
      <WorkspaceForm mode="create" countries={countryOptions()} timeZones={timeZoneOptions()} />
    </AuthCard>
  );
}
