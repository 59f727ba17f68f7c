import { beforeAll, describe, expect, it } from "vitest";
import { getDashboard } from "@/server/dashboard/queries";
import { asService, asUser } from "@/server/db/client";
import { createConversation, createTeam, createUser } from "../support/fixtures";

type Team = Awaited<ReturnType<typeof createTeam>>;

interface Message {
  at: string;
  direction: "inbound" | "outbound";
  type?: "text" | "note";
  sender?: "customer" | "agent" | "business_app" | "api";
  userId?: string;
}

/** A conversation created by its first message (as ingestion creates them), with its contact first seen then. */
async function conversation(team: Team, messages: Message[], options: { leadStatus?: string; resolved?: boolean } = {}) {
  const { conversationId, contactId } = await createConversation(team.workspaceId);
  const startedAt = messages[0]?.at ?? "2026-01-01T00:00:00Z";
  await asService(async (tx) => {
    await tx`update public.contacts set first_seen_at = ${startedAt}, lead_status = ${options.leadStatus ?? "new"} where id = ${contactId}`;
    for (const m of messages) {
      await tx`
        insert into public.messages (workspace_id, conversation_id, wamid, direction, type, body, sent_at, status, sender_type, sender_user_id)
        values (${team.workspaceId}, ${conversationId}, ${m.type === "note" ? null : `wamid.${crypto.randomUUID()}`}, ${m.direction},
                ${m.type ?? "text"}, 'hi', ${m.at}, ${m.type === "note" ? "sent" : "delivered"},
                ${m.sender ?? (m.direction === "inbound" ? "customer" : "agent")}, ${m.userId ?? null})`;
    }
    await tx`update public.conversations set created_at = ${startedAt}, status = ${options.resolved ? "resolved" : "open"}
             where id = ${conversationId}`;
  });
}

// 17:00 in Jakarta (UTC+7) on 20 November: the last three local days are 18, 19 and 20 November,
// from 2026-11-17T17:00Z to 2026-11-20T17:00Z.
const NOW = new Date("2026-11-20T10:00:00Z");

describe("dashboard aggregates", () => {
  let team: Team;

  beforeAll(async () => {
    team = await createTeam();
    await asService((tx) => tx`update public.workspaces set time_zone = 'Asia/Jakarta' where id = ${team.workspaceId}`);
    // Started 23:59 local on the 17th (outside); its reply at 00:10 local on the 18th counts as traffic only.
    await conversation(
      team,
      [
        { at: "2026-11-17T16:59:00Z", direction: "inbound" },
        { at: "2026-11-17T17:10:00Z", direction: "outbound", userId: team.owner.id },
      ],
      { resolved: true },
    );
    // 00:30 local on the 19th (still the 18th in UTC): answered after 60 s.
    await conversation(team, [
      { at: "2026-11-18T17:30:00Z", direction: "inbound" },
      { at: "2026-11-18T17:31:00Z", direction: "outbound", userId: team.agent.id },
      { at: "2026-11-18T17:40:00Z", direction: "inbound" },
    ]);
    // A note is not an answer; the owner's reply from the phone (WhatsApp Business app) is: 300 s.
    await conversation(
      team,
      [
        { at: "2026-11-19T02:00:00Z", direction: "inbound" },
        { at: "2026-11-19T02:01:00Z", direction: "outbound", type: "note", userId: team.agent.id },
        { at: "2026-11-19T02:05:00Z", direction: "outbound", sender: "business_app" },
      ],
      { leadStatus: "qualified" },
    );
    // An API broadcast is not an answer either: 1,200 s.
    await conversation(
      team,
      [
        { at: "2026-11-19T05:00:00Z", direction: "inbound" },
        { at: "2026-11-19T05:01:00Z", direction: "outbound", sender: "api" },
        { at: "2026-11-19T05:20:00Z", direction: "outbound", userId: team.agent.id },
      ],
      { leadStatus: "won" },
    );
    // The 20th: one answered after 600 s, one not yet.
    await conversation(team, [
      { at: "2026-11-20T01:00:00Z", direction: "inbound" },
      { at: "2026-11-20T01:10:00Z", direction: "outbound", userId: team.admin.id },
    ]);
    await conversation(team, [{ at: "2026-11-20T09:00:00Z", direction: "inbound" }]);
    // Midnight local on the 21st: after the period.
    await conversation(team, [{ at: "2026-11-20T17:00:00Z", direction: "inbound" }]);

    // Another tenant's busy day must not show up.
    const other = await createTeam();
    await conversation(other, [
      { at: "2026-11-19T03:00:00Z", direction: "inbound" },
      { at: "2026-11-19T03:00:30Z", direction: "outbound", userId: other.agent.id },
    ]);
  });

  it("counts leads and messages per local day and the first response per day", async () => {
    const dashboard = await asUser(team.agent.claims, (tx) => getDashboard(tx, team.workspaceId, { days: 3, now: NOW }));
    expect(dashboard.timeZone).toBe("Asia/Jakarta");
    expect(dashboard.daily).toEqual([
      {
        day: "2026-11-18",
        newLeads: 0,
        inbound: 0,
        outbound: 1,
        conversationsStarted: 0,
        firstResponses: 0,
        medianFirstResponseSeconds: null,
      },
      {
        day: "2026-11-19",
        newLeads: 3,
        inbound: 4,
        outbound: 4,
        conversationsStarted: 3,
        firstResponses: 3,
        medianFirstResponseSeconds: 300,
      },
      {
        day: "2026-11-20",
        newLeads: 2,
        inbound: 2,
        outbound: 1,
        conversationsStarted: 2,
        firstResponses: 1,
        medianFirstResponseSeconds: 600,
      },
    ]);
    expect(dashboard.totals).toEqual({ newLeads: 5, inbound: 6, outbound: 6 });
    // The period's median is taken over all four answers (60, 300, 600, 1,200 s), not over daily medians.
    expect(dashboard.firstResponse).toEqual({ conversationsStarted: 5, answered: 4, medianSeconds: 450 });
  });

  it("counts replies per member, conversations by status and leads by stage", async () => {
    const dashboard = await asUser(team.admin.claims, (tx) => getDashboard(tx, team.workspaceId, { days: 3, now: NOW }));
    const replies = dashboard.agentReplies.map((a) => [a.userId, a.replies]);
    expect(replies[0]).toEqual([team.agent.id, 2]);
    // Ties in any order; the other tenant's agent is not listed.
    expect(replies.slice(1).sort()).toEqual(
      [
        [team.owner.id, 1],
        [team.admin.id, 1],
      ].sort(),
    );
    expect(dashboard.agentReplies[0]?.email).toBe(team.agent.email);
    expect(dashboard.conversationsByStatus).toEqual([
      { status: "open", count: 6 },
      { status: "pending", count: 0 },
      { status: "snoozed", count: 0 },
      { status: "resolved", count: 1 },
    ]);
    // The workspace's own pipeline, in its order, empty stages included.
    expect(dashboard.leadsByStage).toEqual([
      { stage: "new", label: "New", count: 5 },
      { stage: "contacted", label: "Contacted", count: 0 },
      { stage: "qualified", label: "Qualified", count: 1 },
      { stage: "won", label: "Won", count: 1 },
      { stage: "lost", label: "Lost", count: 0 },
    ]);
  });

  it("moves the day boundaries with the workspace's time zone", async () => {
    const utc = await createTeam();
    await asService((tx) => tx`update public.workspaces set time_zone = 'UTC' where id = ${utc.workspaceId}`);
    await conversation(utc, [
      { at: "2026-11-18T17:30:00Z", direction: "inbound" },
      { at: "2026-11-18T23:59:59Z", direction: "inbound" },
      { at: "2026-11-19T00:00:00Z", direction: "outbound", userId: utc.agent.id },
    ]);
    const inUtc = await asUser(utc.owner.claims, (tx) => getDashboard(tx, utc.workspaceId, { days: 3, now: NOW }));
    expect(inUtc.daily.map((d) => [d.day, d.inbound, d.outbound])).toEqual([
      ["2026-11-18", 2, 0],
      ["2026-11-19", 0, 1],
      ["2026-11-20", 0, 0],
    ]);
    expect(inUtc.firstResponse.medianSeconds).toBe(6 * 3600 + 30 * 60);

    await asService((tx) => tx`update public.workspaces set time_zone = 'America/Mexico_City' where id = ${utc.workspaceId}`);
    // 04:00 local (UTC−6) on the 20th: the days are 18–20 November in Mexico City; everything falls on the 18th there.
    const inMexico = await asUser(utc.owner.claims, (tx) => getDashboard(tx, utc.workspaceId, { days: 3, now: NOW }));
    expect(inMexico.daily.map((d) => [d.day, d.inbound, d.outbound])).toEqual([
      ["2026-11-18", 2, 1],
      ["2026-11-19", 0, 0],
      ["2026-11-20", 0, 0],
    ]);
  });

  it("shows nothing to someone outside the workspace", async () => {
    const stranger = await createUser();
    const dashboard = await asUser(stranger.claims, (tx) => getDashboard(tx, team.workspaceId, { days: 3, now: NOW }));
    expect(dashboard.daily).toEqual([]);
    expect(dashboard.agentReplies).toEqual([]);
    expect(dashboard.conversationsByStatus).toEqual([]);
    expect(dashboard.firstResponse).toEqual({ conversationsStarted: 0, answered: 0, medianSeconds: null });
  });
});

describe("triage figures", () => {
  it("resolution time of the conversations resolved in the period, and open conversations per agent", async () => {
    const team = await createTeam();
    await asService((tx) => tx`update public.workspaces set time_zone = 'Asia/Jakarta' where id = ${team.workspaceId}`);
    const made = await Promise.all(Array.from({ length: 5 }, () => createConversation(team.workspaceId)));
    const [oneHour, threeHours, beforePeriod, mineOpen, pending] = made.map((c) => c.conversationId) as [
      string,
      string,
      string,
      string,
      string,
    ];
    await asService(async (tx) => {
      // Resolved in the period after 1 h and 3 h (a reopened one counts from its reopening).
      await tx`update public.conversations set status = 'resolved', opened_at = '2026-11-19T01:00:00Z', resolved_at = '2026-11-19T02:00:00Z'
               where id = ${oneHour}`;
      await tx`update public.conversations set status = 'resolved', opened_at = '2026-11-18T03:00:00Z', resolved_at = '2026-11-18T06:00:00Z'
               where id = ${threeHours}`;
      await tx`update public.conversations set status = 'resolved', opened_at = '2026-11-01T00:00:00Z', resolved_at = '2026-11-02T00:00:00Z'
               where id = ${beforePeriod}`;
      await tx`update public.conversations set assigned_to = ${team.agent.id} where id in (${mineOpen}, ${pending}, ${oneHour})`;
      await tx`update public.conversations set status = 'pending' where id = ${pending}`;
    });
    const dashboard = await asUser(team.agent.claims, (tx) => getDashboard(tx, team.workspaceId, { days: 3, now: NOW }));
    expect(dashboard.resolution).toEqual({ resolved: 2, medianSeconds: 7200, averageSeconds: 7200 });
    expect(dashboard.openByAgent).toEqual([{ userId: team.agent.id, name: expect.any(String), email: team.agent.email, open: 1 }]);
    expect(dashboard.conversationsByStatus).toEqual([
      { status: "open", count: 1 },
      { status: "pending", count: 1 },
      { status: "snoozed", count: 0 },
      { status: "resolved", count: 3 },
    ]);
  });

  it("per team: open, queued, pending and snoozed now, resolved and its median in the period; a team without conversations shows zeros", async () => {
    const team = await createTeam();
    const made = await Promise.all(Array.from({ length: 4 }, () => createConversation(team.workspaceId)));
    const [queued, assigned, pending, resolved] = made.map((c) => c.conversationId) as [string, string, string, string];
    await asService(async (tx) => {
      const [sales, support] = await tx<{ id: string }[]>`
        insert into public.teams (workspace_id, name) values (${team.workspaceId}, 'Sales'), (${team.workspaceId}, 'Support') returning id`;
      await tx`update public.conversations set team_id = ${sales?.id ?? null} where id in (${queued}, ${assigned}, ${pending}, ${resolved})`;
      await tx`update public.conversations set assigned_to = ${team.agent.id} where id = ${assigned}`;
      await tx`update public.conversations set status = 'pending' where id = ${pending}`;
      await tx`update public.conversations set status = 'resolved', opened_at = '2026-11-19T01:00:00Z', resolved_at = '2026-11-19T01:30:00Z'
               where id = ${resolved}`;
      expect(support).toBeDefined();
    });
    const dashboard = await asUser(team.agent.claims, (tx) => getDashboard(tx, team.workspaceId, { days: 3, now: NOW }));
    expect(dashboard.teams).toEqual([
      { teamId: expect.any(String), name: "Sales", open: 2, queued: 1, pending: 1, snoozed: 0, resolved: 1, medianResolutionSeconds: 1800 },
      {
        teamId: expect.any(String),
        name: "Support",
        open: 0,
        queued: 0,
        pending: 0,
        snoozed: 0,
        resolved: 0,
        medianResolutionSeconds: null,
      },
    ]);
    // Another workspace's member sees no teams.
    const stranger = await createTeam();
    expect((await asUser(stranger.agent.claims, (tx) => getDashboard(tx, team.workspaceId, { days: 3, now: NOW }))).teams).toEqual([]);
  });
});
