-- The dashboard's counts over time, rolled up per workspace and quarter-hour
-- (issue 22): messages in and out, new leads, and members' replies. The
-- daily figures read 96 rows a day instead of every message of the period
-- (665,000 messages in 30 days took 288 ms; docs/benchmarks.md).
--
-- Quarter-hours, because every UTC offset in use (+05:45, -09:30 …) and every
-- DST change falls on one: a local day is a whole number of buckets in any
-- time zone, so summing buckets gives exactly what counting the rows did.
--
-- Kept by statement-level triggers with transition tables, not per row: a
-- webhook batch of 500 messages is one upsert per bucket it touches (usually
-- one), sorted by key so that two batches cannot deadlock on bucket rows.

create table private.dashboard_quarter_hours (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  bucket timestamptz not null,
  -- Messages by direction, notes and reactions left out (as the inbox counts them).
  inbound int not null default 0,
  outbound int not null default 0,
  -- Contacts first seen in the quarter-hour.
  new_leads int not null default 0,
  primary key (workspace_id, bucket)
);

-- A member's replies (private.is_reply's people, by their account): the dashboard's replies per member.
create table private.dashboard_member_replies (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  bucket timestamptz not null,
  user_id uuid not null,
  replies int not null default 0,
  primary key (workspace_id, bucket, user_id)
);

-- The start of the quarter-hour `at` falls in.
create function private.quarter_hour(at timestamptz) returns timestamptz
language sql immutable as $$
  select date_bin(interval '15 minutes', at, timestamptz '2000-01-01 00:00:00+00')
$$;

-- Adds a statement's changes to both rollups: its rows as signed counts
-- (+1 new, -1 old) from the transition tables. The query is dynamic because
-- which tables a trigger has depends on its event (an insert has no old
-- rows); only these fixed texts are ever run. Transition tables are visible
-- to the trigger function's own statements only, so it is all here.
create function private.roll_up_messages() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  changes text;
begin
  if tg_op = 'INSERT' then
    changes := 'select workspace_id, sent_at, direction, type, sender_user_id, 1 as n from new_rows';
  elsif tg_op = 'DELETE' then
    changes := 'select workspace_id, sent_at, direction, type, sender_user_id, -1 as n from old_rows';
  else
    -- Most updates are delivery statuses: nothing the rollups count changes.
    if not exists (
      select 1 from new_rows n join old_rows o on o.id = n.id
      where (n.workspace_id, n.sent_at, n.direction, n.type, n.sender_user_id)
        is distinct from (o.workspace_id, o.sent_at, o.direction, o.type, o.sender_user_id)
    ) then
      return null;
    end if;
    changes := 'select workspace_id, sent_at, direction, type, sender_user_id, 1 as n from new_rows
      union all select workspace_id, sent_at, direction, type, sender_user_id, -1 from old_rows';
  end if;
  execute format($q$
    with d as (select * from (%s) c where c.type not in ('note', 'reaction')),
    counts as (
      insert into private.dashboard_quarter_hours as t (workspace_id, bucket, inbound, outbound)
      select d.workspace_id, private.quarter_hour(d.sent_at),
             coalesce(sum(d.n) filter (where d.direction = 'inbound'), 0),
             coalesce(sum(d.n) filter (where d.direction = 'outbound'), 0)
      from d
      -- Rows of a workspace deleted in this statement (a cascade) have nowhere to go.
      where exists (select 1 from public.workspaces w where w.id = d.workspace_id)
      group by 1, 2
      having sum(d.n) filter (where d.direction = 'inbound') <> 0 or sum(d.n) filter (where d.direction = 'outbound') <> 0
      order by 1, 2
      on conflict (workspace_id, bucket) do update
        set inbound = t.inbound + excluded.inbound, outbound = t.outbound + excluded.outbound
    )
    insert into private.dashboard_member_replies as t (workspace_id, bucket, user_id, replies)
    select d.workspace_id, private.quarter_hour(d.sent_at), d.sender_user_id, sum(d.n)
    from d
    where d.sender_user_id is not null and d.direction = 'outbound'
      and exists (select 1 from public.workspaces w where w.id = d.workspace_id)
    group by 1, 2, 3
    having sum(d.n) <> 0
    order by 1, 2, 3
    on conflict (workspace_id, bucket, user_id) do update set replies = t.replies + excluded.replies
  $q$, changes);
  return null;
end
$$;

create trigger messages_dashboard_insert after insert on public.messages
  referencing new table as new_rows for each statement execute function private.roll_up_messages();
create trigger messages_dashboard_update after update on public.messages
  referencing old table as old_rows new table as new_rows for each statement execute function private.roll_up_messages();
create trigger messages_dashboard_delete after delete on public.messages
  referencing old table as old_rows for each statement execute function private.roll_up_messages();

-- New leads: contacts by first_seen_at (a merge keeps the earlier one and
-- deletes the other). As roll_up_messages.
create function private.roll_up_contacts() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  changes text;
begin
  if tg_op = 'INSERT' then
    changes := 'select workspace_id, first_seen_at, 1 as n from new_rows';
  elsif tg_op = 'DELETE' then
    changes := 'select workspace_id, first_seen_at, -1 as n from old_rows';
  else
    -- Contacts change on every message (last activity, profile name): first_seen_at rarely.
    if not exists (
      select 1 from new_rows n join old_rows o on o.id = n.id
      where (n.workspace_id, n.first_seen_at) is distinct from (o.workspace_id, o.first_seen_at)
    ) then
      return null;
    end if;
    changes := 'select workspace_id, first_seen_at, 1 as n from new_rows
      union all select workspace_id, first_seen_at, -1 from old_rows';
  end if;
  execute format($q$
    insert into private.dashboard_quarter_hours as t (workspace_id, bucket, new_leads)
    select c.workspace_id, private.quarter_hour(c.first_seen_at), sum(c.n)
    from (%s) c
    where exists (select 1 from public.workspaces w where w.id = c.workspace_id)
    group by 1, 2
    having sum(c.n) <> 0
    order by 1, 2
    on conflict (workspace_id, bucket) do update set new_leads = t.new_leads + excluded.new_leads
  $q$, changes);
  return null;
end
$$;

create trigger contacts_dashboard_insert after insert on public.contacts
  referencing new table as new_rows for each statement execute function private.roll_up_contacts();
create trigger contacts_dashboard_update after update on public.contacts
  referencing old table as old_rows new table as new_rows for each statement execute function private.roll_up_contacts();
create trigger contacts_dashboard_delete after delete on public.contacts
  referencing old table as old_rows for each statement execute function private.roll_up_contacts();

-- Counts one workspace's rollups again from its rows: the backfill below,
-- and a bulk load that ran without triggers (bench/inbox-seed.ts).
create function private.rebuild_dashboard_rollups(ws uuid) returns void
language plpgsql security definer set search_path = '' as $$
begin
  delete from private.dashboard_quarter_hours where workspace_id = ws;
  delete from private.dashboard_member_replies where workspace_id = ws;
  insert into private.dashboard_quarter_hours (workspace_id, bucket, inbound, outbound, new_leads)
  select ws, b.bucket, sum(b.inbound), sum(b.outbound), sum(b.new_leads)
  from (
    select private.quarter_hour(m.sent_at) as bucket,
           count(*) filter (where m.direction = 'inbound') as inbound,
           count(*) filter (where m.direction = 'outbound') as outbound,
           0 as new_leads
    from public.messages m
    where m.workspace_id = ws and m.type not in ('note', 'reaction')
    group by 1
    union all
    select private.quarter_hour(k.first_seen_at), 0, 0, count(*)
    from public.contacts k where k.workspace_id = ws
    group by 1
  ) b
  group by b.bucket;
  insert into private.dashboard_member_replies (workspace_id, bucket, user_id, replies)
  select ws, private.quarter_hour(m.sent_at), m.sender_user_id, count(*)
  from public.messages m
  where m.workspace_id = ws and m.sender_user_id is not null and m.direction = 'outbound'
    and m.type not in ('note', 'reaction')
  group by 2, 3;
end
$$;

select private.rebuild_dashboard_rollups(w.id) from public.workspaces w;

-- The daily figures, as in 20261124200300_dashboard.sql, with traffic and
-- leads summed from the quarter-hours of the period.
create or replace function public.dashboard_daily(ws uuid, days int default 30, at timestamptz default now())
returns table (
  day date,
  new_leads int,
  inbound int,
  outbound int,
  conversations_started int,
  first_responses int,
  median_first_response_seconds double precision
)
language plpgsql stable security definer set search_path = '' as $$
declare
  p record;
begin
  select * into p from private.dashboard_period(ws, days, at);
  if not found then
    return;
  end if;
  return query
    with counts as (
      select (q.bucket at time zone p.tz)::date as d, sum(q.new_leads)::int as new_leads,
             sum(q.inbound)::int as inbound, sum(q.outbound)::int as outbound
      from private.dashboard_quarter_hours q
      where q.workspace_id = ws and q.bucket >= p.since and q.bucket < p.until
      group by 1
    ), responses as (
      select (s.asked_at at time zone p.tz)::date as d,
             count(*)::int as started,
             count(s.answered_at)::int as answered,
             percentile_cont(0.5) within group (order by extract(epoch from s.answered_at - s.asked_at))
               filter (where s.answered_at is not null) as median
      from private.first_responses(ws, p.since, p.until) s
      group by 1
    )
    select g.d::date, coalesce(c.new_leads, 0), coalesce(c.inbound, 0), coalesce(c.outbound, 0),
           coalesce(r.started, 0), coalesce(r.answered, 0), r.median
    from generate_series(p.first_day, p.last_day, interval '1 day') as g (d)
    left join counts c on c.d = g.d::date
    left join responses r on r.d = g.d::date
    order by 1;
end
$$;

-- Replies per member, from the rollup (members who left keep their count under their account).
create or replace function public.dashboard_agent_replies(ws uuid, days int default 30, at timestamptz default now())
returns table (user_id uuid, full_name text, email text, replies int)
language plpgsql stable security definer set search_path = '' as $$
declare
  p record;
begin
  select * into p from private.dashboard_period(ws, days, at);
  if not found then
    return;
  end if;
  return query
    select r.uid, coalesce(u.raw_user_meta_data ->> 'full_name', split_part(u.email::text, '@', 1), 'Former member'),
           u.email::text, r.n
    from (
      select q.user_id as uid, sum(q.replies)::int as n
      from private.dashboard_member_replies q
      where q.workspace_id = ws and q.bucket >= p.since and q.bucket < p.until
      group by 1
      having sum(q.replies) > 0
    ) r
    left join auth.users u on u.id = r.uid
    order by r.n desc, 2;
end
$$;

-- The two message indexes only the dashboard's counts read: every insert paid for them.
drop index public.messages_workspace_sent_idx;
drop index public.messages_member_replies_idx;
