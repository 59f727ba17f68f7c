import { Lock } from "lucide-react";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BroadcastWizard } from "@/components/broadcasts/broadcast-wizard";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { maySendBroadcasts } from "@/server/broadcasts/commands";
import { listFields, listStages, listTags } from "@/server/contacts/queries";
import { asUser } from "@/server/db/client";
import { listApprovedTemplates } from "@/server/inbox/queries";
import { listChannels } from "@/server/whatsapp/channels/queries";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("broadcasts.new");
  return { title: t("title") };
}

export default async function NewBroadcastPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  const t = await getTranslations("broadcasts.new");
  const data = await asUser(claims, async (tx) => {
    const [maySend, channels, stages, tags, members, fields] = await Promise.all([
      maySendBroadcasts(tx, workspace.id),
      listChannels(tx, workspace.id),
      listStages(tx, workspace.id),
      listTags(tx, workspace.id),
      listMembers(tx, workspace.id),
      listFields(tx, workspace.id),
    ]);
    const live = channels.filter((c) => c.status !== "disconnected");
    const templates = Object.fromEntries(
      await Promise.all(live.map(async (c) => [c.id, await listApprovedTemplates(tx, workspace.id, c.id)] as const)),
    );
    return {
      maySend,
      channels: live.map((c) => ({
        id: c.id,
        label: c.name ? `${c.name} (${c.display_phone_number ?? c.phone_number_id})` : (c.display_phone_number ?? c.phone_number_id),
      })),
      templates,
      stages,
      tags,
      members: members.map((m) => ({ id: m.user_id, name: m.full_name })),
      fields: fields.map((f) => ({ key: f.key, label: f.label })),
    };
  });

  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="mx-auto max-w-4xl p-4 sm:p-6">
        {data.maySend ? (
          <BroadcastWizard {...data} timeZone={workspace.time_zone} />
        ) : (
          <div className="rounded-xl bg-white ring-1 ring-slate-200">
            <EmptyState icon={Lock} title={t("onlyAdminsTitle")}>
              {t("onlyAdminsBody")}
            </EmptyState>
          </div>
        )}
      </div>
    </div>
  );
}
