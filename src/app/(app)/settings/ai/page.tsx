import { Bot } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { AiPlayground } from "@/components/settings/ai-playground";
import { AiSettingsForm } from "@/components/settings/ai-settings-form";
import { Card } from "@/components/ui/card";
import { CardTable } from "@/components/ui/card-table";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { isAdminRole } from "@/lib/roles";
import { listRuns } from "@/server/ai/runs";
import { getAiSettings, tokensUsedThisMonth } from "@/server/ai/settings";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("ai.page");
  return { title: t("title") };
}

export default async function AiSettingsPage() {
  const { claims, workspace } = await requireWorkspaceContext();
  if (!isAdminRole(workspace.role)) redirect("/settings");
  const { settings, used, runs } = await asUser(claims, async (tx) => ({
    settings: await getAiSettings(tx, workspace.id),
    used: await tokensUsedThisMonth(tx, workspace.id),
    runs: await listRuns(tx, workspace.id, 25),
  }));
  const budget = settings.monthlyTokenBudget;
  const share = budget ? Math.min(1, used / budget) : 0;
  const [t, format] = await Promise.all([getTranslations("ai.page"), getFormatter()]);
  const now = new Date();

  return (
    <>
      <Card title={t("title")} description={t("description")}>
        <AiSettingsForm initial={settings} />
      </Card>

      <Card title={t("usageTitle")} description={t("usageDescription")}>
        <p className="text-2xl font-semibold text-slate-900">
          {format.number(used)}
          <span className="ml-1 text-sm font-normal text-slate-500">
            {budget ? t("ofBudget", { budget: format.number(budget) }) : t("noBudget")}
          </span>
        </p>
        {budget && (
          <div
            className="mt-3 h-2 overflow-hidden rounded-full bg-slate-100"
            role="progressbar"
            aria-label={t("budgetUsed")}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(share * 100)}
          >
            <div
              className={share >= 1 ? "h-full bg-red-500" : share > 0.8 ? "h-full bg-amber-500" : "h-full bg-brand-600"}
              style={{ width: `${share * 100}%` }}
            />
          </div>
        )}
        {budget && used >= budget && (
          <p role="alert" className="mt-3 text-sm text-red-700">
            {t("budgetSpent")}
          </p>
        )}
      </Card>

      <Card title={t("playgroundTitle")} description={t("playgroundDescription")}>
        <AiPlayground />
      </Card>

      <Card title={t("runsTitle")} description={t("runsDescription")}>
        {runs.length === 0 ? (
          <EmptyState icon={Bot} title={t("noRuns")}>
            {t("noRunsHint")}
          </EmptyState>
        ) : (
          <CardTable
            columns={[
              { label: t("when") },
              { label: t("conversation") },
              { label: t("outcome") },
              { label: t("tools"), className: "hidden md:table-cell" },
              { label: t("tokens"), className: "hidden text-right sm:table-cell" },
              { label: t("time"), className: "hidden text-right sm:table-cell" },
            ]}
          >
            {runs.map((run) => (
              <tr key={run.id} data-testid="ai-run">
                <td className="px-5 py-2 whitespace-nowrap text-slate-500">{format.relativeTime(run.created_at, now)}</td>
                <td className="px-3 py-2">
                  <Link href={`/inbox/${run.conversation_id}`} className="font-medium text-slate-800 hover:underline">
                    {run.contact_name ?? t("customer")}
                  </Link>
                  <span className="ml-1 text-xs text-slate-500">{t("messages", { count: run.trigger_count })}</span>
                </td>
                <td className="px-3 py-2">
                  <StatusBadge kind="aiRun" status={run.outcome} />
                  {run.error && (
                    <p className="mt-0.5 max-w-xs truncate text-xs text-red-700" title={run.error}>
                      {run.error}
                    </p>
                  )}
                </td>
                <td className="hidden px-3 py-2 font-mono text-xs text-slate-600 md:table-cell">
                  {run.tool_calls.length === 0
                    ? "—"
                    : run.tool_calls.map((call) => (call.accepted ? call.name : t("refused", { name: call.name }))).join(", ")}
                </td>
                <td className="hidden px-3 py-2 text-right text-slate-600 tabular-nums sm:table-cell">
                  {format.number(run.prompt_tokens + run.completion_tokens)}
                </td>
                <td className="hidden px-5 py-2 text-right text-slate-600 tabular-nums sm:table-cell">
                  {run.latency_ms === null
                    ? "—"
                    : t("seconds", {
                        seconds: format.number(run.latency_ms / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
                      })}
                </td>
              </tr>
            ))}
          </CardTable>
        )}
      </Card>
    </>
  );
}
