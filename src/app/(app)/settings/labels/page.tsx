import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LabelSettings } from "@/components/settings/label-settings";
import { Card } from "@/components/ui/card";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { listLabels } from "@/server/inbox/labels";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.labels");
  return { title: t("metaTitle") };
}

export default async function LabelsPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  const t = await getTranslations("settings.labels");
  const canManage = isAdminRole(workspace.role);
  const labels = await asUser(claims, (tx) => listLabels(tx, workspace.id));
  return (
    <Card title={t("title", { count: labels.length })} description={canManage ? t("description") : t("readOnly")}>
      <LabelSettings labels={labels} canManage={canManage} />
    </Card>
  );
}
