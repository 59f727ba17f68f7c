import "server-only";
import type { Dashboard } from "@/lib/dashboard";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";

export const DASHBOARD_DAYS = 30;

/**
 * The dashboard of one workspace: the last `days` local days ending today
 * (`now`) in the workspace's time zone. Every figure is a SQL aggregate
 * over one workspace's index ranges (migration …200300); the functions
 * check membership once, so a non-member gets empty figures.
 */
export async function getDashboard(tx: Tx, workspaceId: string, options: { days?: number; now?: Date } = {}): Promise<Dashboard> {
  const days = options.days ?? DASHBOARD_DAYS;
  const now = options.now ?? new Date();
  const daily = await tx<
    {
      day: string;
      new_leads: number;
      inbound: number;
      outbound: number;
      conversations_started: number;
      first_responses: number;
      median_first_response_seconds: number | null;
    }[]
  >`select day::text, new_leads, inbound, outbound, conversations_started, first_responses, median_first_response_seconds
    from public.dashboard_daily(${workspaceId}, ${days}, ${now})`;
  const [firstResponse] = await tx<{ conversations_started: number; first_responses: number; median_seconds: number | null }[]>`
    select * from public.dashboard_first_response(${workspaceId}, ${days}, ${now})`;
  const agents = await tx<{ user_id: string; full_name: string; email: string | null; replies: number }[]>`
    select * from public.dashboard_agent_replies(${workspaceId}, ${days}, ${now})`;
  const [resolution] = await tx<{ resolved: number; median_seconds: number | null; average_seconds: number | null }[]>`
    select * from public.dashboard_resolution(${workspaceId}, ${days}, ${now})`;
  const openByAgent = await tx<{ user_id: string; full_name: string; email: string | null; open: number }[]>`
    select * from public.dashboard_open_by_agent(${workspaceId})`;
  const teams = await tx<
    {
      team_id: string;
      name: string;
      open: number;
      pending: number;
      snoozed: number;
      queued: number;
      resolved: number;
      median_resolution_seconds: number | null;
    }[]
  >`select * from public.dashboard_teams(${workspaceId}, ${days}, ${now})`;
  const snapshot = await tx<{ kind: string; key: string; label: string; position: number; count: number }[]>`
    select * from public.dashboard_snapshot(${workspaceId})`;
  const [workspace] = await tx<Pick<Row<"workspaces">, "time_zone">[]>`select time_zone from public.workspaces where id = ${workspaceId}`;

  const byKind = (kind: string) => snapshot.filter((row) => row.kind === kind);
  return {
    days,
    timeZone: workspace?.time_zone ?? "UTC",
    daily: daily.map((d) => ({
      day: d.day,
      newLeads: d.new_leads,
      inbound: d.inbound,
      outbound: d.outbound,
      conversationsStarted: d.conversations_started,
      firstResponses: d.first_responses,
      medianFirstResponseSeconds: d.median_first_response_seconds,
    })),
    totals: {
      newLeads: daily.reduce((sum, d) => sum + d.new_leads, 0),
      inbound: daily.reduce((sum, d) => sum + d.inbound, 0),
      outbound: daily.reduce((sum, d) => sum + d.outbound, 0),
    },
    firstResponse: {
      conversationsStarted: firstResponse?.conversations_started ?? 0,
      answered: firstResponse?.first_responses ?? 0,
      medianSeconds: firstResponse?.median_seconds ?? null,
    },
    // Every status, in triage order (open, pending, snoozed, resolved).
    conversationsByStatus: byKind("conversation_status")
      .sort((a, b) => a.position - b.position)
      .map((row) => ({ status: row.key, count: row.count })),
    leadsByStage: byKind("lead_stage")
      .sort((a, b) => a.position - b.position || a.key.localeCompare(b.key))
      .map((row) => ({ stage: row.key, label: row.label, count: row.count })),
    agentReplies: agents.map((a) => ({ userId: a.user_id, name: a.full_name, email: a.email, replies: a.replies })),
    resolution: {
      resolved: resolution?.resolved ?? 0,
      medianSeconds: resolution?.median_seconds ?? null,
      averageSeconds: resolution?.average_seconds ?? null,
    },
    openByAgent: openByAgent.map((a) => ({ userId: a.user_id, name: a.full_name, email: a.email, open: a.open })),
    teams: teams.map((t) => ({
      teamId: t.team_id,
      name: t.name,
      open: t.open,
      pending: t.pending,
      snoozed: t.snoozed,
      queued: t.queued,
      resolved: t.resolved,
      medianResolutionSeconds: t.median_resolution_seconds,
    })),
  };
}
