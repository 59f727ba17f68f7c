/** The dashboard's data, as the page and its charts receive it (plain JSON, safe on both sides). */
export interface DashboardDay {
  /** Local day in the workspace's time zone, YYYY-MM-DD. */
  day: string;
  newLeads: number;
  inbound: number;
  outbound: number;
  conversationsStarted: number;
  firstResponses: number;
  medianFirstResponseSeconds: number | null;
}

export interface Dashboard {
  days: number;
  timeZone: string;
  daily: DashboardDay[];
  totals: { newLeads: number; inbound: number; outbound: number };
  firstResponse: { conversationsStarted: number; answered: number; medianSeconds: number | null };
  conversationsByStatus: { status: string; count: number }[];
  /** The workspace's pipeline, in order, with its empty stages. */
  leadsByStage: { stage: string; label: string; count: number }[];
  agentReplies: { userId: string; name: string; email: string | null; replies: number }[];
  /** Conversations resolved in the period: from opening (or reopening) to resolution. */
  resolution: { resolved: number; medianSeconds: number | null; averageSeconds: number | null };
  /** Now: open conversations assigned to each member. (Per team: added with teams.) */
  openByAgent: { userId: string; name: string; email: string | null; open: number }[];
  /** Per team: now (open, pending, snoozed, queued: open and unassigned) and in the period (resolved, median resolution). */
  teams: {
    teamId: string;
    name: string;
    open: number;
    pending: number;
    snoozed: number;
    queued: number;
    resolved: number;
    medianResolutionSeconds: number | null;
  }[];
}
