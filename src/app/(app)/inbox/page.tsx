import { Archive, Inbox as InboxIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ConversationRow } from "@/components/inbox/conversation-row";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { asUser } from "@/server/db/client";
import { listConversations } from "@/server/inbox/queries";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "Inbox" };

const TABS = [
  { status: "active", label: "Active", icon: InboxIcon },
  { status: "archived", label: "Archived", icon: Archive },
] as const;

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const { claims, workspace } = await requireWorkspaceContext();
  const status = (await searchParams).status === "archived" ? "archived" : "active";
  const conversations = await asUser(claims, (tx) => listConversations(tx, workspace.id, { status, limit: 100 }));
  const now = new Date();

  return (
    <div className="flex h-full flex-col">
      <PageHeader title="Inbox" description={`WhatsApp conversations of ${workspace.name}`} />
      <div className="border-b border-slate-200 bg-white px-6">
        <nav aria-label="Conversation status" className="-mb-px flex gap-4">
          {TABS.map((tab) => (
            <Link
              key={tab.status}
              href={tab.status === "active" ? "/inbox" : "/inbox?status=archived"}
              aria-current={status === tab.status ? "page" : undefined}
              className={cn(
                "flex items-center gap-1.5 border-b-2 px-1 py-2.5 text-sm font-medium",
                status === tab.status ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800",
              )}
            >
              <tab.icon className="size-4" aria-hidden />
              {tab.label}
            </Link>
          ))}
        </nav>
      </div>
      <div className="flex-1 bg-white">
        {conversations.length === 0 ? (
          <EmptyState icon={InboxIcon} title={status === "active" ? "No conversations yet" : "Nothing archived"}>
            {status === "active"
              ? "When a customer writes to one of your WhatsApp numbers, the conversation appears here."
              : "Archived conversations come back here when you archive them, and return to the inbox when the customer writes again."}
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Conversations">
            {conversations.map((conversation) => (
              <ConversationRow key={conversation.id} conversation={conversation} now={now} />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
