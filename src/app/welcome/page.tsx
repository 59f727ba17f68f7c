import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { WorkspaceForm } from "@/components/settings/workspace-form";
import { Logo } from "@/components/shell/logo";
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
    <main className="flex min-h-full items-center justify-center px-4 py-12">
      <div className="w-full max-w-lg">
        <div className="mb-8 flex justify-center">
          <Logo />
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
          <h1 className="text-lg font-semibold">Create your workspace</h1>
          <p className="mt-1 mb-6 text-sm text-slate-500">
            You are not a member of any workspace yet. Start one, or ask an admin to add you.
          </p>
          <WorkspaceForm mode="create" countries={countryOptions()} timeZones={timeZoneOptions()} />
        </div>
      </div>
    </main>
  );
}
