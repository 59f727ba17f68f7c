import type { Metadata } from "next";
import { InvitationList } from "@/components/settings/invitation-list";
import { InviteMemberForm } from "@/components/settings/invite-member-form";
import { LeaveWorkspaceButton } from "@/components/settings/leave-workspace-button";
import { MemberList } from "@/components/settings/member-list";
import { Card } from "@/components/ui/card";
import { formatRelativeTime } from "@/lib/format";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { memberAvailabilities } from "@/server/teams/availability";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listPendingInvitations } from "@/server/workspaces/invitations";
import { listMembers } from "@/server/workspaces/queries";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const { claims, workspace } = await requireWorkspaceContext();
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
        <Card
          title="Invite a member"
          description="Agents answer conversations; admins also manage numbers and members; owners can do everything."
        >
          <InviteMemberForm canGrantOwner={workspace.role === "owner"} />
        </Card>
      )}
      {canManage && invitations.length > 0 && (
        <Card title={`Pending invitations (${invitations.length})`} description="Links work once. Revoke one to make its link useless.">
          <InvitationList
            invitations={invitations.map((i) => ({
              id: i.id,
              email: i.email,
              role: i.role,
              token: i.token,
              expired: i.expired,
              expiry: `${i.expired ? "Expired" : "Expires"} ${formatRelativeTime(i.expires_at, now)}`,
            }))}
          />
        </Card>
      )}
      <Card title={`Members (${members.length})`} description={canManage ? undefined : "Only owners and admins can change the team."}>
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
      <Card title="Leave this workspace" description="You lose access to its inbox and contacts. A workspace keeps at least one owner.">
        <LeaveWorkspaceButton workspaceName={workspace.name} />
      </Card>
    </>
  );
}
