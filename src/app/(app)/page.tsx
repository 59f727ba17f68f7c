import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { DashboardSkeleton, DashboardView } from "@/components/dashboard/dashboard-view";
import { PageHeader } from "@/components/ui/page-header";
import { getDashboard } from "@/server/dashboard/queries";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext, type WorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard");
  return { title: t("title") };
}

async function DashboardData({ context }: { context: WorkspaceContext }) {
  const data = await asUser(context.claims, (tx) => getDashboard(tx, context.workspace.id));
  return <DashboardView data={data} />;
}

export default async function DashboardPage() {
  const context = await requireWorkspaceContext();
  const t = await getTranslations("dashboard");
  return (
    <div>
      <PageHeader
        title={t("title")}
        description={t("description", { name: context.workspace.name, timeZone: context.workspace.time_zone.replaceAll("_", " ") })}
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
