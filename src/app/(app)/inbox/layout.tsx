import type { ReactNode } from "react";
import { ConnectionNotice } from "@/components/inbox/connection-notice";
import { ConversationList } from "@/components/inbox/conversation-list";
import { InboxViews } from "@/components/inbox/inbox-views";
import { ViewsDrawerProvider } from "@/components/inbox/views-drawer";
import { DEFAULT_FILTER } from "@/lib/conversation-filter";
import type { CountryCode } from "@/lib/phone";
import { isAdminRole } from "@/lib/roles";
import { listFields, listStages } from "@/server/contacts/queries";
import { asUser } from "@/server/db/client";
import { listLabels } from "@/server/inbox/labels";
import { listConversations } from "@/server/inbox/queries";
import { sidebarViews } from "@/server/inbox/views";
import { teamOptions } from "@/server/teams/queries";
import { listChannels } from "@/server/whatsapp/channels/queries";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

/**
 * The inbox: the views sidebar and the conversation list stay mounted
 * (scroll, filters, live order) while the thread beside them changes with
 * the URL. On a phone one of list and thread is shown at a time.
 */
export default async function InboxLayout({ children }: { children: ReactNode }) {
  const { claims, workspace } = await requireWorkspaceContext();
  const [firstPage, members, labels, channels, stages, fields, views, teams] = await asUser(claims, (tx) =>
    Promise.all([
      listConversations(tx, workspace.id, {
        userId: claims.sub,
        filter: DEFAULT_FILTER,
        country: workspace.default_country as CountryCode,
        limit: 30,
      }),
      listMembers(tx, workspace.id),
      listLabels(tx, workspace.id),
      listChannels(tx, workspace.id),
      listStages(tx, workspace.id),
      listFields(tx, workspace.id),
      sidebarViews(tx, workspace.id, claims.sub),
      teamOptions(tx, workspace.id),
    ]),
  );
  return (
    <div className="flex h-full min-h-0 flex-col">
      <ConnectionNotice />
      <div className="flex min-h-0 flex-1">
        <ViewsDrawerProvider>
          <InboxViews key={`views:${workspace.id}`} canShare={isAdminRole(workspace.role)} initial={views} />
          <ConversationList
            key={workspace.id}
            initialPage={firstPage}
            currentUserId={claims.sub}
            options={{
              members: members.map((m) => ({ id: m.user_id, name: m.full_name })),
              teams: teams.map((t) => ({ id: t.id, name: t.name })),
              labels: labels.map((l) => ({ id: l.id, name: l.name, color: l.color })),
              channels: channels.map((c) => ({ id: c.id, name: c.name ?? c.display_phone_number ?? c.id })),
              stages: stages.map((s) => ({ key: s.key, label: s.label })),
              fields: fields.map((f) => ({ key: f.key, label: f.label })),
            }}
          />
        </ViewsDrawerProvider>
        <div className="flex min-w-0 flex-1 flex-col">{children}</div>
      </div>
    </div>
  );
}
