import type { ReactNode } from "react";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { isAdminRole } from "@/lib/roles";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { workspace } = await requireWorkspaceContext();
  return (
    <div>
      <PageHeader title="Settings" description="Your workspace, its team and its WhatsApp numbers." />
      <SettingsTabs isAdmin={isAdminRole(workspace.role)} />
      <div className="mx-auto max-w-4xl space-y-6 p-6">{children}</div>
    </div>
  );
}
