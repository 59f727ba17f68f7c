import { BarChart3, CheckCircle2, Clock, Inbox, MessageCircle, UserPlus } from "lucide-react";
import type { ReactNode } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { CONVERSATION_STATUS_LABELS } from "@/lib/conversation-status";
import { type Dashboard, formatDuration } from "@/lib/dashboard";
import { CategoryBars, DailyChart, Donut } from "./charts";

const STATUS_LABELS: Record<string, string> = CONVERSATION_STATUS_LABELS;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function Panel({ title, description, empty, children }: { title: string; description?: string; empty: boolean; children: ReactNode }) {
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
            Nothing to show for this period yet
          </div>
        ) : (
          children
        )}
      </div>
    </section>
  );
}

function Stat({ icon, label, value, hint }: { icon: ReactNode; label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-xl bg-white p-4 shadow-xs ring-1 ring-slate-200">
      <div className="flex items-center gap-2 text-xs font-medium text-slate-500">
        {icon}
        {label}
      </div>
      <p className="mt-2 text-2xl font-semibold tracking-tight text-slate-900" data-testid={`stat-${label}`}>
        {value}
      </p>
      {hint && <p className="mt-0.5 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

export function DashboardView({ data }: { data: Dashboard }) {
  const { totals, firstResponse } = data;
  const period = `Last ${data.days} days`;
  const answeredShare =
    firstResponse.conversationsStarted > 0 ? Math.round((firstResponse.answered / firstResponse.conversationsStarted) * 100) : null;

  return (
    <div className="space-y-6">
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat
          icon={<UserPlus className="size-4" aria-hidden />}
          label="New leads"
          value={totals.newLeads.toLocaleString("en")}
          hint={period}
        />
        <Stat
          icon={<MessageCircle className="size-4" aria-hidden />}
          label="Messages received"
          value={totals.inbound.toLocaleString("en")}
          hint={`${totals.outbound.toLocaleString("en")} sent`}
        />
        <Stat
          icon={<Clock className="size-4" aria-hidden />}
          label="Median first response"
          value={formatDuration(firstResponse.medianSeconds)}
          hint={`over ${firstResponse.answered.toLocaleString("en")} answered conversations`}
        />
        <Stat
          icon={<MessageCircle className="size-4" aria-hidden />}
          label="Conversations answered"
          value={answeredShare === null ? "–" : `${answeredShare}%`}
          hint={`${firstResponse.answered.toLocaleString("en")} of ${firstResponse.conversationsStarted.toLocaleString("en")} new`}
        />
      </div>

      <section className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5" aria-label="Conversations now">
        {data.conversationsByStatus.map((s) => (
          <Stat
            key={s.status}
            icon={<Inbox className="size-4" aria-hidden />}
            label={STATUS_LABELS[s.status] ?? capitalize(s.status)}
            value={s.count.toLocaleString("en")}
            hint="conversations now"
          />
        ))}
        <Stat
          icon={<CheckCircle2 className="size-4" aria-hidden />}
          label="Median resolution time"
          value={formatDuration(data.resolution.medianSeconds)}
          hint={`average ${formatDuration(data.resolution.averageSeconds)} over ${data.resolution.resolved.toLocaleString("en")} resolved`}
        />
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="New leads per day" description={period} empty={totals.newLeads === 0}>
          <DailyChart
            data={data.daily}
            kind="bar"
            series={[{ key: "newLeads", label: "New leads" }]}
            label={`New leads per day: ${totals.newLeads} in the ${period.toLowerCase()}`}
          />
        </Panel>
        <Panel title="Messages per day" description={`${period}, received and sent`} empty={totals.inbound + totals.outbound === 0}>
          <DailyChart
            data={data.daily}
            kind="bar"
            series={[
              { key: "inbound", label: "Received" },
              { key: "outbound", label: "Sent" },
            ]}
            label={`Messages per day: ${totals.inbound} received and ${totals.outbound} sent`}
          />
        </Panel>
        <Panel
          title="Median first response"
          description="Time from a new conversation's first customer message to the first reply, by day"
          empty={firstResponse.answered === 0}
        >
          <DailyChart
            data={data.daily}
            kind="line"
            unit="duration"
            series={[{ key: "medianFirstResponseSeconds", label: "Median first response" }]}
            label={`Median first response per day; ${formatDuration(firstResponse.medianSeconds)} over the period`}
          />
        </Panel>
        <Panel title="Replies per agent" description={period} empty={data.agentReplies.length === 0}>
          <CategoryBars
            data={data.agentReplies.map((a) => ({ name: a.name, value: a.replies }))}
            label={`Replies per agent: ${data.agentReplies.map((a) => `${a.name} ${a.replies}`).join(", ")}`}
          />
        </Panel>
        <Panel title="Conversations by status" description="Now" empty={data.conversationsByStatus.every((s) => s.count === 0)}>
          <Donut
            data={data.conversationsByStatus.map((s) => ({ name: STATUS_LABELS[s.status] ?? capitalize(s.status), value: s.count }))}
            label={`Conversations by status: ${data.conversationsByStatus.map((s) => `${STATUS_LABELS[s.status] ?? s.status} ${s.count}`).join(", ")}`}
          />
        </Panel>
        <Panel title="Open conversations per agent" description="Now, assigned and open" empty={data.openByAgent.length === 0}>
          <CategoryBars
            data={data.openByAgent.map((a) => ({ name: a.name, value: a.open }))}
            label={`Open conversations per agent: ${data.openByAgent.map((a) => `${a.name} ${a.open}`).join(", ")}`}
          />
        </Panel>
        <Panel title="Teams" description={`Now, and resolved in the ${period.toLowerCase()}`} empty={data.teams.length === 0}>
          <TeamTable teams={data.teams} />
        </Panel>
        <Panel title="Leads by stage" description="Now, in pipeline order" empty={data.leadsByStage.every((s) => s.count === 0)}>
          <CategoryBars
            color="#0ea5e9"
            data={data.leadsByStage.map((s) => ({ name: s.label, value: s.count }))}
            label={`Leads by stage: ${data.leadsByStage.map((s) => `${s.label} ${s.count}`).join(", ")}`}
          />
        </Panel>
      </div>
    </div>
  );
}

/** Per team: its load now (open, waiting in its queue, pending, snoozed) and how fast it resolves. */
function TeamTable({ teams }: { teams: Dashboard["teams"] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-slate-500">
          <tr>
            <th scope="col" className="py-1.5 pr-3 font-medium">
              Team
            </th>
            {["Open", "In queue", "Pending", "Snoozed", "Resolved", "Median resolution"].map((heading) => (
              <th key={heading} scope="col" className="px-2 py-1.5 text-right font-medium whitespace-nowrap">
                {heading}
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
                // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed
                <td key={index} className="px-2 py-2 text-right tabular-nums text-slate-700">
                  {value}
                </td>
              ))}
              <td className="px-2 py-2 text-right tabular-nums text-slate-700">{formatDuration(team.medianResolutionSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DashboardSkeleton() {
  return (
    <div className="space-y-6" role="status" aria-label="Loading the dashboard">
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
