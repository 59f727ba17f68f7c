import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { isAdminRole } from "@/lib/roles";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { workspace } = await requireWorkspaceContext();
  const t = await getTranslations("settings.layout");
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <SettingsTabs isAdmin={isAdminRole(workspace.role)} />
      <div className="mx-auto max-w-4xl space-y-6 p-6">{children}</div>
    </div>
  );
}
