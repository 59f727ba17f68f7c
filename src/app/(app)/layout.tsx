import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { asUser } from "@/server/db/client";
import { avatarIds } from "@/server/profile/avatars";
import { myAvailability } from "@/server/teams/availability";
import { requireWorkspaceContext } from "@/server/workspaces/context";
import { listMembers } from "@/server/workspaces/queries";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { claims, workspace, workspaces } = await requireWorkspaceContext();
  const { availability, members, avatars } = await asUser(claims, async (tx) => ({
    availability: await myAvailability(tx, workspace.id),
    members: await listMembers(tx, workspace.id),
    avatars: await avatarIds(tx, [claims.sub]),
  }));
  const name = members.find((m) => m.user_id === claims.sub)?.full_name ?? claims.email;
  return (
    <AppShell
      user={{ id: claims.sub, email: claims.email, name, avatarId: avatars.get(claims.sub) ?? null }}
      workspace={{ id: workspace.id, name: workspace.name, role: workspace.role }}
      workspaces={workspaces.map(({ id, name, role }) => ({ id, name, role }))}
      availability={availability}
    >
      {children}
    </AppShell>
  );
}
