import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CannedResponses } from "@/components/settings/canned-responses";
import { isAdminRole } from "@/lib/roles";
import { listCannedResponses } from "@/server/canned/responses";
import { asUser } from "@/server/db/client";
import { actingMember } from "@/server/workspaces/actor";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.canned");
  return { title: t("metaTitle") };
}

export default async function CannedResponsesPage() {
  const context = await requireWorkspaceContext();
  const responses = await asUser(context.claims, (tx) => listCannedResponses(tx, actingMember(context)));
  return (
    <CannedResponses
      canManageWorkspace={isAdminRole(context.workspace.role)}
      responses={responses.map((r) => ({
        id: r.id,
        code: r.code,
        title: r.title,
        body: r.body,
        personal: r.owner_id !== null,
        usageCount: r.usage_count,
        attachment: r.attachment,
      }))}
    />
  );
}
