import type { Metadata } from "next";
import { BusinessHoursForm } from "@/components/settings/business-hours-form";
import { SignOutEverywhereButton } from "@/components/settings/sign-out-everywhere-button";
import { WorkspaceForm } from "@/components/settings/workspace-form";
import { Card } from "@/components/ui/card";
import { timeZoneOptions } from "@/lib/business-hours";
import { countryOptions } from "@/lib/countries";
import type { Locale } from "@/lib/locales";
import { isAdminRole } from "@/lib/roles";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage() {
  const { workspace } = await requireWorkspaceContext();
  const canEdit = isAdminRole(workspace.role);
  const timeZones = timeZoneOptions();
  return (
    <>
      <Card title="Workspace" description={canEdit ? "Name and defaults of this workspace." : "Only owners and admins can change these."}>
        <WorkspaceForm
          key={workspace.id}
          mode="update"
          countries={countryOptions()}
          timeZones={timeZones}
          initial={{
            name: workspace.name,
            defaultCountry: workspace.default_country,
            timeZone: workspace.time_zone,
            defaultLocale: workspace.default_locale as Locale,
          }}
          disabled={!canEdit}
        />
      </Card>
      <Card title="Business hours" description="When your team answers. Days without hours are closed.">
        <BusinessHoursForm
          key={`${workspace.id}-${workspace.time_zone}`}
          initial={workspace.business_hours}
          timeZone={workspace.time_zone}
          disabled={!canEdit}
        />
      </Card>
      <Card
        title="New workspace"
        description="A separate inbox, team and set of WhatsApp numbers, for another business or brand. You will be its owner."
      >
        <WorkspaceForm mode="create" countries={countryOptions()} timeZones={timeZones} />
      </Card>
      <Card title="Your sessions" description="Signed in somewhere you no longer use, or lost a device? End every session of your account.">
        <SignOutEverywhereButton />
      </Card>
    </>
  );
}
