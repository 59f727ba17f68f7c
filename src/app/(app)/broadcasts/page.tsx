import { Megaphone, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AutoRefresh } from "@/components/broadcasts/auto-refresh";
import { BroadcastList } from "@/components/broadcasts/broadcast-list";
import { BroadcastPermission } from "@/components/broadcasts/broadcast-permission";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { isAdminRole } from "@/lib/roles";
import { maySendBroadcasts } from "@/server/broadcasts/commands";
import { listBroadcasts } from "@/server/broadcasts/queries";
import { agentsSendBroadcasts } from "@/server/broadcasts/settings";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("broadcasts.list");
  return { title: t("title") };
}

export default async function BroadcastsPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  const t = await getTranslations("broadcasts.list");
  const { page, maySend, agentsMaySend } = await asUser(claims, async (tx) => {
    const [page, maySend, agentsMaySend] = await Promise.all([
      listBroadcasts(tx, workspace.id, { limit: 100 }),
      maySendBroadcasts(tx, workspace.id),
      agentsSendBroadcasts(tx, workspace.id),
    ]);
    return { page, maySend, agentsMaySend };
  });
  const moving = page.items.some((b) => b.state === "sending" || b.state === "scheduled");

  return (
    <div>
      <AutoRefresh active={moving} />
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          maySend && (
            <Link href="/broadcasts/new" className={buttonClass()}>
              <Plus className="size-4" aria-hidden /> {t("new")}
            </Link>
          )
        }
      />
      <div className="mx-auto max-w-6xl space-y-4 p-4 sm:p-6">
        {isAdminRole(workspace.role) && <BroadcastPermission agentsMaySend={agentsMaySend} />}
        {page.items.length === 0 ? (
          <div className="rounded-xl bg-white ring-1 ring-slate-200">
            <EmptyState icon={Megaphone} title={t("emptyTitle")}>
              {maySend ? t("emptySender") : t("emptyViewer")}
            </EmptyState>
          </div>
        ) : (
          <BroadcastList items={page.items} timeZone={workspace.time_zone} />
        )}
      </div>
    </div>
  );
}
