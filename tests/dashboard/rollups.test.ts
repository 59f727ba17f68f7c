import { beforeAll, describe, expect, it } from "vitest";
import { getDashboard } from "@/server/dashboard/queries";
import { asService, asUser, db } from "@/server/db/client";
import { createConversation, createTeam } from "../support/fixtures";

type Team = Awaited<ReturnType<typeof createTeam>>;

/** A small seeded generator (mulberry32), so a failing dataset can be replayed. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T };
}

// Offsets of a quarter (Kathmandu +05:45, Chatham +12:45/+13:45), of a half hour (St John's, with DST),
// a DST change of half an hour (Lord Howe, on 4 October), and of whole hours (New York's DST ended 1 November).
const TIME_ZONES = ["UTC", "Asia/Kathmandu", "Pacific/Chatham", "America/St_Johns", "Australia/Lord_Howe", "America/New_York"];
const NOWS = [new Date("2026-11-20T10:00:00Z"), new Date("2026-10-05T00:00:00Z")];
const FROM = Date.parse("2026-08-20T00:00:00Z");
const TO = Date.parse("2026-11-25T00:00:00Z");

/** What the dashboard showed before the rollups, counted from the rows themselves (the old dashboard_daily). */
async function rawFigures(workspaceId: string, days: number, now: Date) {
  const sql = db();
  const daily = await sql<{ day: string; newLeads: number; inbound: number; outbound: number }[]>`
    select g.d::date::text as day,
      (select count(*)::int from public.contacts k
       where k.workspace_id = ${workspaceId} and k.first_seen_at >= b.lo and k.first_seen_at < b.hi) as "newLeads",
      (select count(*)::int from public.messages m
       where m.workspace_id = ${workspaceId} and m.sent_at >= b.lo and m.sent_at < b.hi
         and m.type not in ('note', 'reaction') and m.direction = 'inbound') as inbound,
      (select count(*)::int from public.messages m
       where m.workspace_id = ${workspaceId} and m.sent_at >= b.lo and m.sent_at < b.hi
         and m.type not in ('note', 'reaction') and m.direction = 'outbound') as outbound
    from public.workspaces w
    cross join lateral (select (${now}::timestamptz at time zone w.time_zone)::date as today) t
    cross join lateral generate_series(t.today - ${days - 1}::int, t.today, interval '1 day') as g (d)
    cross join lateral (select g.d::date::timestamp at time zone w.time_zone as lo,
                               (g.d::date + 1)::timestamp at time zone w.time_zone as hi) b
    where w.id = ${workspaceId}
    order by 1`;
  const replies = await sql<{ userId: string; replies: number }[]>`
    select m.sender_user_id as "userId", count(*)::int as replies
    from public.workspaces w
    cross join lateral (select (${now}::timestamptz at time zone w.time_zone)::date as today) t
    join public.messages m on m.workspace_id = w.id
      and m.sent_at >= ((t.today - ${days - 1}::int)::timestamp at time zone w.time_zone)
      and m.sent_at < ((t.today + 1)::timestamp at time zone w.time_zone)
    where w.id = ${workspaceId} and m.sender_user_id is not null and m.direction = 'outbound' and m.type not in ('note', 'reaction')
    group by 1
    order by 2 desc, 1`;
  return { daily, replies };
}

/** The same figures as the dashboard reads them (the rollups). */
async function dashboardFigures(team: Team, days: number, now: Date) {
  const dashboard = await asUser(team.agent.claims, (tx) => getDashboard(tx, team.workspaceId, { days, now }));
  return {
    daily: dashboard.daily.map((d) => ({ day: d.day, newLeads: d.newLeads, inbound: d.inbound, outbound: d.outbound })),
    replies: dashboard.agentReplies
      .map((a) => ({ userId: a.userId, replies: a.replies }))
      .sort((a, b) => b.replies - a.replies || a.userId.localeCompare(b.userId)),
  };
}

async function expectRollupsMatchRows(team: Team) {
  for (const timeZone of TIME_ZONES) {
    await asService((tx) => tx`update public.workspaces set time_zone = ${timeZone} where id = ${team.workspaceId}`);
    for (const now of NOWS) {
      for (const days of [1, 30]) {
        const raw = await rawFigures(team.workspaceId, days, now);
        expect(raw.daily).toHaveLength(days);
        expect({ timeZone, now, days, ...(await dashboardFigures(team, days, now)) }).toEqual({ timeZone, now, days, ...raw });
      }
    }
  }
}

describe("dashboard rollups", () => {
  let team: Team;
  let conversations: { conversationId: string; contactId: string }[];

  beforeAll(async () => {
    team = await createTeam();
    const rng = generator(22);
    conversations = await Promise.all(Array.from({ length: 8 }, () => createConversation(team.workspaceId)));
    const members = [team.owner.id, team.admin.id, team.agent.id];

    // Instants on and next to local midnights of every zone, and many anywhere in between.
    const boundaries = await db()<{ at: Date }[]>`
      select (d::date::timestamp at time zone z) + s * interval '1 second' as at
      from generate_series(${new Date(FROM)}::timestamptz, ${new Date(TO)}::timestamptz, interval '1 day') d,
           unnest(${TIME_ZONES}::text[]) z, unnest(array[-1, 0, 1]) s`;
    const instants = [
      ...boundaries.map((b) => b.at),
      ...Array.from({ length: 1500 }, () => new Date(Math.floor((FROM + rng.next() * (TO - FROM)) / 1000) * 1000)),
    ];
    const rows = instants.map((at) => {
      const type = rng.pick(["text", "text", "text", "text", "image", "note", "reaction"] as const);
      const direction = type === "note" ? "outbound" : rng.pick(["inbound", "outbound"] as const);
      const sender = direction === "inbound" ? "customer" : rng.pick(["agent", "agent", "business_app", "api"] as const);
      return {
        workspace_id: team.workspaceId,
        conversation_id: rng.pick(conversations).conversationId,
        wamid: type === "note" ? null : `wamid.${crypto.randomUUID()}`,
        direction,
        type,
        body: "hi",
        sent_at: at,
        status: type === "note" ? "sent" : "delivered",
        sender_type: type === "note" ? "agent" : sender,
        sender_user_id: sender === "agent" || type === "note" ? rng.pick(members) : null,
      };
    });
    // Whole batches, as ingestion writes them: one statement per 500 messages.
    await asService(async (tx) => {
      for (let i = 0; i < rows.length; i += 500) await tx`insert into public.messages ${tx(rows.slice(i, i + 500))}`;
      // Contacts first seen across the period, several in one statement.
      for (const [i, c] of conversations.entries()) {
        await tx`update public.contacts set first_seen_at = ${instants[i * 7] ?? new Date(FROM)} where id = ${c.contactId}`;
      }
    });

    // Another tenant's traffic in the same quarter-hours must not count.
    const other = await createTeam();
    const { conversationId } = await createConversation(other.workspaceId);
    await asService(
      (tx) =>
        tx`insert into public.messages ${tx(
          instants.slice(0, 300).map((at) => ({
            workspace_id: other.workspaceId,
            conversation_id: conversationId,
            wamid: `wamid.${crypto.randomUUID()}`,
            direction: "outbound",
            type: "text",
            body: "hi",
            sent_at: at,
            status: "sent",
            sender_type: "agent",
            sender_user_id: other.agent.id,
          })),
        )}`,
    );
  });

  it("count exactly what the rows say, in any time zone, after inserts in batches", async () => {
    await expectRollupsMatchRows(team);
  });

  it("follow updates, moves between conversations and deletes", async () => {
    const [a, b, c] = conversations as [(typeof conversations)[number], (typeof conversations)[number], (typeof conversations)[number]];
    await asService(async (tx) => {
      // Statuses change most often and leave the counts alone; the rest moves them.
      await tx`update public.messages set status = 'read' where workspace_id = ${team.workspaceId} and direction = 'outbound' and type = 'text'`;
      await tx`update public.messages set sent_at = sent_at + interval '7 hours 10 minutes'
               where workspace_id = ${team.workspaceId} and conversation_id = ${a.conversationId}`;
      await tx`update public.messages set type = 'note', wamid = null, direction = 'outbound', sender_type = 'agent',
                 sender_user_id = ${team.admin.id}
               where workspace_id = ${team.workspaceId} and conversation_id = ${b.conversationId} and type = 'image'`;
      await tx`update public.messages set sender_user_id = ${team.owner.id}
               where workspace_id = ${team.workspaceId} and sender_user_id = ${team.agent.id} and sent_at < '2026-10-01'`;
      await tx`update public.messages set conversation_id = ${a.conversationId}
               where workspace_id = ${team.workspaceId} and conversation_id = ${c.conversationId}`;
      await tx`delete from public.messages where workspace_id = ${team.workspaceId} and conversation_id = ${a.conversationId}
                 and extract(minute from sent_at) < 20`;
      await tx`update public.contacts set first_seen_at = first_seen_at - interval '3 days 45 minutes'
               where workspace_id = ${team.workspaceId} and id = ${b.contactId}`;
    });
    // A contact deleted with its conversation and messages.
    await asUser(team.admin.claims, (tx) => tx`delete from public.contacts where id = ${c.contactId}`);
    await expectRollupsMatchRows(team);
  });

  it("are rebuilt from the rows (the migration's backfill of existing workspaces)", async () => {
    const sql = db();
    await sql`delete from private.dashboard_quarter_hours where workspace_id = ${team.workspaceId}`;
    await sql`delete from private.dashboard_member_replies where workspace_id = ${team.workspaceId}`;
    const empty = await dashboardFigures(team, 30, NOWS[0] as Date);
    expect(empty.daily.every((d) => d.inbound + d.outbound + d.newLeads === 0)).toBe(true);
    await sql`select private.rebuild_dashboard_rollups(${team.workspaceId})`;
    await expectRollupsMatchRows(team);
  });

  it("cost a webhook batch one row per quarter-hour it touches", async () => {
    const fresh = await createTeam();
    const { conversationId } = await createConversation(fresh.workspaceId);
    const at = new Date("2026-11-19T08:15:00Z");
    await asService(
      (tx) =>
        tx`insert into public.messages ${tx(
          Array.from({ length: 500 }, (_, i) => ({
            workspace_id: fresh.workspaceId,
            conversation_id: conversationId,
            wamid: `wamid.${crypto.randomUUID()}`,
            direction: "inbound",
            type: "text",
            body: "hi",
            sent_at: new Date(at.getTime() + i * 1000),
            status: "delivered",
            sender_type: "customer",
          })),
        )}`,
    );
    const buckets = await db()<{ bucket: Date; inbound: number }[]>`
      select bucket, inbound from private.dashboard_quarter_hours where workspace_id = ${fresh.workspaceId} and inbound <> 0 order by 1`;
    // 500 seconds from 08:15:00: the 08:15 quarter-hour only.
    expect(buckets).toEqual([{ bucket: at, inbound: 500 }]);
  });
});
