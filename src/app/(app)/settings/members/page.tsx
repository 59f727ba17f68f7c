import type { Metadata } from "next";
import { AddMemberForm } from "@/components/settings/add-member-form";
import { MemberList } from "@/components/settings/member-list";
import { Card } from "@/components/ui/card";
import { isAdminRole } from "@/lib/roles";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  const members = await asUser(claims, (tx) => listMembers(tx, workspace.id));
  const canManage = isAdminRole(workspace.role);
  return (
    <>
      {canManage && (
        <Card
          title="Add a member"
          description="Agents answer conversations; admins also manage numbers and members; owners can do everything."
        >
          <AddMemberForm canGrantOwner={workspace.role === "owner"} />
        </Card>
      )}
      <Card title={`Members (${members.length})`} description={canManage ? undefined : "Only owners and admins can change the team."}>
        <MemberList
          members={members.map((m) => ({ userId: m.user_id, email: m.email, fullName: m.full_name, role: m.role }))}
          currentUserId={claims.sub}
          canManage={canManage}
          canGrantOwner={workspace.role === "owner"}
        />
      </Card>
    </>
  );
}
