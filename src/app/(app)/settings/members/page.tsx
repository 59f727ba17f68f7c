import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { InvitationList } from "@/components/settings/invitation-list";
import { InviteMemberForm } from "@/components/settings/invite-member-form";
import { LeaveWorkspaceButton } from "@/components/settings/leave-workspace-button";
import { MemberList } from "@/components/settings/member-list";
import { Card } from "@/components/ui/card";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { memberAvailabilities } from "@/server/teams/availability";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listPendingInvitations } from "@/server/workspaces/invitations";
import { listMembers } from "@/server/workspaces/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.members");
  return { title: t("metaTitle") };
}

export default async function MembersPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  const [t, format] = await Promise.all([getTranslations("settings.members"), getFormatter()]);
  const canManage = isAdminRole(workspace.role);
  const now = new Date();
  const [members, invitations, availability] = await asUser(claims, async (tx) => [
    await listMembers(tx, workspace.id),
    canManage ? await listPendingInvitations(tx, workspace.id, now) : [],
    await memberAvailabilities(tx, workspace.id),
  ]);
  return (
    <>
      {canManage && (
        <Card title={t("inviteTitle")} description={t("inviteDescription")}>
          <InviteMemberForm canGrantOwner={workspace.role === "owner"} />
        </Card>
      )}
      {canManage && invitations.length > 0 && (
        <Card title={t("pendingTitle", { count: invitations.length })} description={t("pendingDescription")}>
          <InvitationList
            invitations={invitations.map((i) => ({
              id: i.id,
              email: i.email,
              role: i.role,
              token: i.token,
              expired: i.expired,
              expiry: t(i.expired ? "expired" : "expires", { when: format.relativeTime(i.expires_at, now) }),
            }))}
          />
        </Card>
      )}
      <Card title={t("listTitle", { count: members.length })} description={canManage ? undefined : t("readOnly")}>
        <MemberList
          members={members.map((m) => ({
            userId: m.user_id,
            email: m.email,
            fullName: m.full_name,
            role: m.role,
            availability: availability.get(m.user_id) ?? "offline",
          }))}
          currentUserId={claims.sub}
          canManage={canManage}
          canGrantOwner={workspace.role === "owner"}
        />
      </Card>
      <Card title={t("leaveTitle")} description={t("leaveDescription")}>
        <LeaveWorkspaceButton workspaceName={workspace.name} />
      </Card>
    </>
  );
}
