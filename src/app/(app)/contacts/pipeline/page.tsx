import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PipelineBoard } from "@/components/contacts/pipeline-board";
import { PageHeader } from "@/components/ui/page-header";
import { getPipeline } from "@/server/contacts/queries";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("contacts.pipeline");
  return { title: t("title") };
}

const CARDS_PER_STAGE = 50;

export default async function PipelinePage() {
  const { claims, workspace } = await requireWorkspaceContext();
  const { columns, members } = await asUser(claims, async (tx) => {
    const [columns, members] = await Promise.all([
      getPipeline(tx, workspace.id, { perStage: CARDS_PER_STAGE }),
      listMembers(tx, workspace.id),
    ]);
    return { columns, members };
  });
  const t = await getTranslations("contacts.pipeline");
  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} />
      <PipelineBoard initialColumns={columns} members={members.map((m) => ({ id: m.user_id, name: m.full_name }))} />
    </div>
  );
}
