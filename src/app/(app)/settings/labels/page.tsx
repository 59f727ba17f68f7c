import type { Metadata } from "next";
import { LabelSettings } from "@/components/settings/label-settings";
import { Card } from "@/components/ui/card";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { listLabels } from "@/server/inbox/labels";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "Labels" };

export default async function LabelsPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  const canManage = isAdminRole(workspace.role);
  const labels = await asUser(claims, (tx) => listLabels(tx, workspace.id));
  return (
    <Card
      title={`Conversation labels (${labels.length})`}
      description={
        canManage
          ? "Agents put these on conversations to sort them (billing, complaint, VIP order) and filter the inbox by them. Contact tags describe people instead."
          : "Agents put these on conversations to sort them and filter the inbox. Only owners and admins can define them."
      }
    >
      <LabelSettings labels={labels} canManage={canManage} />
    </Card>
  );
}
