import { Megaphone, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
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

export const metadata: Metadata = { title: "Broadcasts" };

export default async function BroadcastsPage() {
  const { claims, workspace } = await requireWorkspaceContext();
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
        title="Broadcasts"
        description="One approved template to a segment of your contacts or a list of numbers."
        actions={
          maySend && (
            <Link href="/broadcasts/new" className={buttonClass()}>
              <Plus className="size-4" aria-hidden /> New broadcast
            </Link>
          )
        }
      />
      <div className="mx-auto max-w-6xl space-y-4 p-4 sm:p-6">
        {isAdminRole(workspace.role) && <BroadcastPermission agentsMaySend={agentsMaySend} />}
        {page.items.length === 0 ? (
          <div className="rounded-xl bg-white ring-1 ring-slate-200">
            <EmptyState icon={Megaphone} title="No broadcasts yet">
              {maySend
                ? "Send an approved template to a tag, a stage or a CSV of numbers. Replies land in the inbox."
                : "Admins send broadcasts here; replies land in the inbox."}
            </EmptyState>
          </div>
        ) : (
          <BroadcastList items={page.items} timeZone={workspace.time_zone} />
        )}
      </div>
    </div>
  );
}
