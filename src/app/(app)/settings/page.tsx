import type { Metadata } from "next";
import { WorkspaceForm } from "@/components/settings/workspace-form";
import { Card } from "@/components/ui/card";
import { countryOptions } from "@/lib/countries";
import { isAdminRole } from "@/lib/roles";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage() {
  const { workspace } = await requireWorkspaceContext();
  const canEdit = isAdminRole(workspace.role);
  return (
    <>
      <Card title="Workspace" description={canEdit ? "Name and defaults of this workspace." : "Only owners and admins can change these."}>
        <WorkspaceForm
          key={workspace.id}
          mode="update"
          countries={countryOptions()}
          initial={{ name: workspace.name, defaultCountry: workspace.default_country }}
          disabled={!canEdit}
        />
      </Card>
      <Card
        title="New workspace"
        description="A separate inbox, team and set of WhatsApp numbers, for another business or brand. You will be its owner."
      >
        <WorkspaceForm mode="create" countries={countryOptions()} />
      </Card>
    </>
  );
}
