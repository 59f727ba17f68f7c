import { Bot } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AiPlayground } from "@/components/settings/ai-playground";
import { AiSettingsForm } from "@/components/settings/ai-settings-form";
import { Card } from "@/components/ui/card";
import { CardTable } from "@/components/ui/card-table";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatRelativeTime } from "@/lib/format";
import { isAdminRole } from "@/lib/roles";
import { listRuns } from "@/server/ai/runs";
import { getAiSettings, tokensUsedThisMonth } from "@/server/ai/settings";
import { asUser } from "@/server/db/client";
import { requireWorkspaceContext } from "@/server/workspaces/context";

export const metadata: Metadata = { title: "AI assistant" };

const numbers = new Intl.NumberFormat("en");

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
  const now = new Date();

  return (
    <>
      <Card
        title="AI assistant"
        description="Answers your WhatsApp customers, records what it learns about each lead, and hands over to your team when it should."
      >
        <AiSettingsForm initial={settings} />
      </Card>

      <Card title="Usage this month" description="Prompt and completion tokens of every run since the 1st (UTC).">
        <p className="text-2xl font-semibold text-slate-900">
          {numbers.format(used)}
          <span className="ml-1 text-sm font-normal text-slate-500">
            {budget ? `of ${numbers.format(budget)} tokens` : "tokens · no budget set"}
          </span>
        </p>
        {budget && (
          <div
            className="mt-3 h-2 overflow-hidden rounded-full bg-slate-100"
            role="progressbar"
            aria-label="Token budget used"
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
            The budget is spent: the assistant makes no more calls this month and hands new conversations to your team.
          </p>
        )}
      </Card>

      <Card
        title="Playground"
        description="Uses the saved settings. Nothing is sent to WhatsApp and no contact changes; tool calls are only shown."
      >
        <AiPlayground />
      </Card>

      <Card
        title="Recent runs"
        description="Every time the assistant looked at a conversation: what it did, what it cost, how long it took."
      >
        {runs.length === 0 ? (
          <EmptyState icon={Bot} title="No runs yet">
            Turn the assistant on; its answers to customers will be listed here.
          </EmptyState>
        ) : (
          <CardTable
            columns={[
              { label: "When" },
              { label: "Conversation" },
              { label: "Outcome" },
              { label: "Tools", className: "hidden md:table-cell" },
              { label: "Tokens", className: "hidden text-right sm:table-cell" },
              { label: "Time", className: "hidden text-right sm:table-cell" },
            ]}
          >
            {runs.map((run) => (
              <tr key={run.id} data-testid="ai-run">
                <td className="px-5 py-2 whitespace-nowrap text-slate-500">{formatRelativeTime(run.created_at, now)}</td>
                <td className="px-3 py-2">
                  <Link href={`/inbox/${run.conversation_id}`} className="font-medium text-slate-800 hover:underline">
                    {run.contact_name ?? "Customer"}
                  </Link>
                  <span className="ml-1 text-xs text-slate-500">
                    {run.trigger_count} {run.trigger_count === 1 ? "message" : "messages"}
                  </span>
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
                    : run.tool_calls.map((call) => `${call.name}${call.accepted ? "" : " (refused)"}`).join(", ")}
                </td>
                <td className="hidden px-3 py-2 text-right text-slate-600 tabular-nums sm:table-cell">
                  {numbers.format(run.prompt_tokens + run.completion_tokens)}
                </td>
                <td className="hidden px-5 py-2 text-right text-slate-600 tabular-nums sm:table-cell">
                  {run.latency_ms === null ? "—" : `${(run.latency_ms / 1000).toFixed(1)} s`}
                </td>
              </tr>
            ))}
          </CardTable>
        )}
      </Card>
    </>
  );
}
