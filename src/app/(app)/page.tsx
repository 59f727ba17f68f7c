import type { Metadata } from "next";
import { Suspense } from "react";
import { DashboardSkeleton, DashboardView } from "@/components/dashboard/dashboard-view";
import { PageHeader } from "@/components/ui/page-header";
import { getDashboard } from "@/server/dashboard/queries";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext, type WorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "Dashboard" };

async function DashboardData({ context }: { context: WorkspaceContext }) {
  const data = await asUser(context.claims, (tx) => getDashboard(tx, context.workspace.id));
  return <DashboardView data={data} />;
}

export default async function DashboardPage() {
  const context = await requireWorkspaceContext();
  return (
    <div>
      <PageHeader
        title="Dashboard"
        description={`${context.workspace.name} over the last 30 days, in ${context.workspace.time_zone.replaceAll("_", " ")} time.`}
      />
      <div className="mx-auto max-w-6xl p-6">
        {/* The header shows at once; the figures stream in when their queries finish. */}
        <Suspense fallback={<DashboardSkeleton />}>
          <DashboardData context={context} />
        </Suspense>
      </div>
    </div>
  );
}
