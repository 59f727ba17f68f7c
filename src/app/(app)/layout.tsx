import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { asUser } from "@/server/db/client";
import { myAvailability } from "@/server/teams/availability";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { claims, workspace, workspaces } = await requireWorkspaceContext();
  const availability = await asUser(claims, (tx) => myAvailability(tx, workspace.id));
  return (
    <AppShell
      user={{ email: claims.email }}
      workspace={{ id: workspace.id, name: workspace.name, role: workspace.role }}
      workspaces={workspaces.map(({ id, name, role }) => ({ id, name, role }))}
      availability={availability}
    >
      {children}
    </AppShell>
  );
}
