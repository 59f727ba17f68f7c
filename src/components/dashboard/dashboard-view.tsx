import { BarChart3, CheckCircle2, Clock, Inbox, MessageCircle, UserPlus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import type { Dashboard } from "@/lib/dashboard";
import { CategoryBars, DailyChart, Donut } from "./charts";
import { useDurations } from "./duration";

function Panel({ title, description, empty, children }: { title: string; description?: string; empty: boolean; children: ReactNode }) {
  const t = useTranslations("dashboard");
  const id = `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="rounded-xl bg-white p-5 shadow-xs ring-1 ring-slate-200">
      <h2 id={id} className="text-sm font-semibold text-slate-900">
        {title}
      </h2>
      {description && <p className="mt-0.5 text-xs text-slate-500">{description}</p>}
      <div className="mt-4">
        {empty ? (
          <div className="flex h-40 flex-col items-center justify-center gap-2 rounded-lg bg-slate-50 text-sm text-slate-500">
            <BarChart3 className="size-5 text-slate-400" aria-hidden />
            {t("empty")}
          </div>
        ) : (
          children
        )}
      </div>
    </section>
  );
}

/** `testId` names the figure for the browser tests whatever the language. */
function Stat({ icon, label, value, hint, testId }: { icon: ReactNode; label: string; value: string; hint?: string; testId?: string }) {
  return (
    <div className="rounded-xl bg-white p-4 shadow-xs ring-1 ring-slate-200">
      <div className="flex items-center gap-2 text-xs font-medium text-slate-500">
        {icon}
        {label}
      </div>
      <p className="mt-2 text-2xl font-semibold tracking-tight text-slate-900" data-testid={testId && `stat-${testId}`}>
        {value}
      </p>
      {hint && <p className="mt-0.5 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

export function DashboardView({ data }: { data: Dashboard }) {
  const t = useTranslations("dashboard");
  const format = useFormatter();
  const duration = useDurations().exact;
  const { totals, firstResponse } = data;
  const period = t("period", { days: data.days });
  const answeredShare =
    firstResponse.conversationsStarted > 0 ? Math.round((firstResponse.answered / firstResponse.conversationsStarted) * 100) : null;
  const statusLabel = (status: string) => t("status", { status });
  const pairs = (items: { name: string; value: number }[]) =>
    format.list(
      items.map((item) => t("pair", item)),
      { type: "unit" },
    );

  return (
    <div className="space-y-6">
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat
          icon={<UserPlus className="size-4" aria-hidden />}
          label={t("stats.newLeads")}
          testId="New leads"
          value={format.number(totals.newLeads)}
          hint={period}
        />
        <Stat
          icon={<MessageCircle className="size-4" aria-hidden />}
          label={t("stats.received")}
          testId="Messages received"
          value={format.number(totals.inbound)}
          hint={t("stats.sent", { count: totals.outbound })}
        />
        <Stat
          icon={<Clock className="size-4" aria-hidden />}
          label={t("stats.firstResponse")}
          value={duration(firstResponse.medianSeconds)}
          hint={t("stats.overAnswered", { count: firstResponse.answered })}
        />
        <Stat
          icon={<MessageCircle className="size-4" aria-hidden />}
          label={t("stats.answered")}
          value={answeredShare === null ? "–" : format.number(answeredShare / 100, { style: "percent" })}
          hint={t("stats.answeredOf", { answered: firstResponse.answered, started: firstResponse.conversationsStarted })}
        />
      </div>

      <section className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5" aria-label={t("now.label")}>
        {data.conversationsByStatus.map((s) => (
          <Stat
            key={s.status}
            icon={<Inbox className="size-4" aria-hidden />}
            label={statusLabel(s.status)}
            value={format.number(s.count)}
            hint={t("now.hint")}
          />
        ))}
        <Stat
          icon={<CheckCircle2 className="size-4" aria-hidden />}
          label={t("now.resolution")}
          value={duration(data.resolution.medianSeconds)}
          hint={t("now.resolutionHint", { average: duration(data.resolution.averageSeconds), count: data.resolution.resolved })}
        />
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title={t("leadsPerDay.title")} description={period} empty={totals.newLeads === 0}>
          <DailyChart
            data={data.daily}
            kind="bar"
            series={[{ key: "newLeads", label: t("stats.newLeads") }]}
            label={t("leadsPerDay.label", { count: totals.newLeads, days: data.days })}
          />
        </Panel>
        <Panel
          title={t("messagesPerDay.title")}
          description={t("messagesPerDay.description", { days: data.days })}
          empty={totals.inbound + totals.outbound === 0}
        >
          <DailyChart
            data={data.daily}
            kind="bar"
            series={[
              { key: "inbound", label: t("messagesPerDay.received") },
              { key: "outbound", label: t("messagesPerDay.sent") },
            ]}
            label={t("messagesPerDay.label", { received: totals.inbound, sent: totals.outbound })}
          />
        </Panel>
        <Panel title={t("stats.firstResponse")} description={t("firstResponse.description")} empty={firstResponse.answered === 0}>
          <DailyChart
            data={data.daily}
            kind="line"
            unit="duration"
            series={[{ key: "medianFirstResponseSeconds", label: t("stats.firstResponse") }]}
            label={t("firstResponse.label", { median: duration(firstResponse.medianSeconds) })}
          />
        </Panel>
        <Panel title={t("replies.title")} description={period} empty={data.agentReplies.length === 0}>
          <CategoryBars
            data={data.agentReplies.map((a) => ({ name: a.name, value: a.replies }))}
            label={t("replies.label", { list: pairs(data.agentReplies.map((a) => ({ name: a.name, value: a.replies }))) })}
          />
        </Panel>
        <Panel
          title={t("byStatus.title")}
          description={t("byStatus.description")}
          empty={data.conversationsByStatus.every((s) => s.count === 0)}
        >
          <Donut
            data={data.conversationsByStatus.map((s) => ({ name: statusLabel(s.status), value: s.count }))}
            label={t("byStatus.label", {
              list: pairs(data.conversationsByStatus.map((s) => ({ name: statusLabel(s.status), value: s.count }))),
            })}
          />
        </Panel>
        <Panel title={t("openByAgent.title")} description={t("openByAgent.description")} empty={data.openByAgent.length === 0}>
          <CategoryBars
            data={data.openByAgent.map((a) => ({ name: a.name, value: a.open }))}
            label={t("openByAgent.label", { list: pairs(data.openByAgent.map((a) => ({ name: a.name, value: a.open }))) })}
          />
        </Panel>
        <Panel title={t("teams.title")} description={t("teams.description", { days: data.days })} empty={data.teams.length === 0}>
          <TeamTable teams={data.teams} />
        </Panel>
        <Panel title={t("byStage.title")} description={t("byStage.description")} empty={data.leadsByStage.every((s) => s.count === 0)}>
          <CategoryBars
            color="#0ea5e9"
            data={data.leadsByStage.map((s) => ({ name: s.label, value: s.count }))}
            label={t("byStage.label", { list: pairs(data.leadsByStage.map((s) => ({ name: s.label, value: s.count }))) })}
          />
        </Panel>
      </div>
    </div>
  );
}

/** Per team: its load now (open, waiting in its queue, pending, snoozed) and how fast it resolves. */
const TEAM_COLUMNS = ["open", "queued", "pending", "snoozed", "resolved", "medianResolution"] as const;

function TeamTable({ teams }: { teams: Dashboard["teams"] }) {
  const t = useTranslations("dashboard.teams");
  const format = useFormatter();
  const duration = useDurations().exact;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-slate-500">
          <tr>
            <th scope="col" className="py-1.5 pr-3 font-medium">
              {t("team")}
            </th>
            {TEAM_COLUMNS.map((column) => (
              <th key={column} scope="col" className="px-2 py-1.5 text-right font-medium whitespace-nowrap">
                {t(`columns.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {teams.map((team) => (
            <tr key={team.teamId}>
              <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-900">
                {team.name}
              </th>
              {[team.open, team.queued, team.pending, team.snoozed, team.resolved].map((value, index) => (
                <td key={index} className="px-2 py-2 text-right tabular-nums text-slate-700">
                  {format.number(value)}
                </td>
              ))}
              <td className="px-2 py-2 text-right tabular-nums text-slate-700">{duration(team.medianResolutionSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DashboardSkeleton() {
  const t = useTranslations("dashboard");
  return (
    <div className="space-y-6" role="status" aria-label={t("loading")}>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200">
            <Skeleton className="h-3 w-24" />
            <Skeleton className="h-7 w-16" />
          </div>
        ))}
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        {Array.from({ length: 7 }, (_, i) => (
          <div key={i} className="space-y-4 rounded-xl bg-white p-5 ring-1 ring-slate-200">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="h-48 w-full" />
          </div>
        ))}
      </div>
    </div>
  );
}
