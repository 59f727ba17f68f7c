import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { claims, workspace, workspaces } = await requireWorkspaceContext();
  return (
    <AppShell
      user={{ email: claims.email }}
      workspace={{ id: workspace.id, name: workspace.name, role: workspace.role }}
      workspaces={workspaces.map(({ id, name, role }) => ({ id, name, role }))}
    >
      {children}
    </AppShell>
  );
}
