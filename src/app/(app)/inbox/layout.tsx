import type { ReactNode } from "react";
import { ConnectionNotice } from "@/components/inbox/connection-notice";
import { ConversationList } from "@/components/inbox/conversation-list";
import type { CountryCode } from "@/lib/phone";
import { asUser } from "@/server/db/client";
import { listConversations } from "@/server/inbox/queries";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

/**
 * The inbox: the conversation list stays mounted (scroll, filters, live
 * order) while the thread beside it changes with the URL. On a phone one
 * of the two is shown at a time.
 */
export default async function InboxLayout({ children }: { children: ReactNode }) {
  const { claims, workspace } = await requireWorkspaceContext();
  const [firstPage, members] = await asUser(claims, (tx) =>
    Promise.all([
      listConversations(tx, workspace.id, {
        userId: claims.sub,
        filter: "all",
        country: workspace.default_country as CountryCode,
        limit: 30,
      }),
      listMembers(tx, workspace.id),
    ]),
  );
  return (
    <div className="flex h-full min-h-0 flex-col">
      <ConnectionNotice />
      <div className="flex min-h-0 flex-1">
        <ConversationList
          key={workspace.id}
          initialPage={firstPage}
          currentUserId={claims.sub}
          members={members.map((m) => ({ id: m.user_id, name: m.full_name }))}
        />
        <div className="flex min-w-0 flex-1 flex-col">{children}</div>
      </div>
    </div>
  );
}
