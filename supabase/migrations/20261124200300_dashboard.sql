-- The dashboard's aggregates over the last N days, counted in the
-- workspace's time zone. Security definer functions that check membership
-- once: under RLS the policy function would run for every one of hundreds
-- of thousands of rows. Each reads only index ranges of one workspace.

create index contacts_first_seen_idx on public.contacts (workspace_id, first_seen_at);
create index conversations_created_idx on public.conversations (workspace_id, created_at);
-- Messages per day: an index-only scan of the period.
create index messages_workspace_sent_idx on public.messages (workspace_id, sent_at) include (direction, type);
-- First responses: a conversation's first customer message and the first
-- reply after it, read from the index alone (the thread index has neither
-- direction nor sender; with it, 95,000 new conversations took 7.2 s, 1.5 s
-- with this one: docs/benchmarks.md).
create index messages_first_response_idx on public.messages (conversation_id, sent_at)
  include (direction, type, sender_type);
-- Replies per member: only members' own replies, a small share of the
-- messages; inbound webhooks never write to this partial index.
create index messages_member_replies_idx on public.messages (workspace_id, sent_at) include (sender_user_id)
  where sender_user_id is not null and direction = 'outbound' and type not in ('note', 'reaction');

-- The period: `days` whole local days ending with the day `at` falls on.
-- No row for someone who is not a member (or a period out of range): the
-- dashboard functions below then return nothing.
create function private.dashboard_period(ws uuid, days int, at timestamptz)
returns table (tz text, first_day date, last_day date, since timestamptz, until timestamptz)
language sql stable set search_path = '' as $$
  select w.time_zone, d.today - (days - 1), d.today,
         ((d.today - (days - 1))::timestamp at time zone w.time_zone),
         ((d.today + 1)::timestamp at time zone w.time_zone)
  from public.workspaces w
  cross join lateral (select (at at time zone w.time_zone)::date as today) d
  where w.id = ws and days between 1 and 366 and private.is_member(ws)
$$;

-- Replies that count as answering a customer: people (in the app, on the
-- phone) and the AI assistant; not API broadcasts, system messages or notes.
-- No SET search_path (it names no object): a function with SET clauses is
-- never inlined, and this one is evaluated for hundreds of thousands of rows.
create function private.is_reply(direction text, type text, sender_type text) returns boolean
language sql immutable as $$
  select direction = 'outbound' and type not in ('note', 'reaction') and sender_type in ('agent', 'ai', 'business_app')
$$;

-- Conversations whose first customer message falls in [since, until), with
-- the first reply after it (null: not answered yet). Conversations are
-- created by their first message, so created_at bounds the candidates (a
-- day of slack for a provider clock behind ours); each probes the thread
-- index twice.
create function private.first_responses(ws uuid, since timestamptz, until timestamptz)
returns table (asked_at timestamptz, answered_at timestamptz)
language sql stable set search_path = '' as $$
  select fi.sent_at, fr.sent_at
  from public.conversations c
  cross join lateral (
    select m.sent_at from public.messages m
    where m.conversation_id = c.id and m.direction = 'inbound'
    order by m.sent_at limit 1
  ) fi
  left join lateral (
    select m.sent_at from public.messages m
    where m.conversation_id = c.id and m.sent_at >= fi.sent_at
      and private.is_reply(m.direction, m.type, m.sender_type)
    order by m.sent_at limit 1
  ) fr on true
  where c.workspace_id = ws and c.created_at >= since - interval '1 day' and c.created_at < until
    and fi.sent_at >= since and fi.sent_at < until
$$;

create function public.dashboard_daily(ws uuid, days int default 30, at timestamptz default now())
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
    with leads as (
      select (k.first_seen_at at time zone p.tz)::date as d, count(*)::int as n
      from public.contacts k
      where k.workspace_id = ws and k.first_seen_at >= p.since and k.first_seen_at < p.until
      group by 1
    ), traffic as (
      -- Day by day, one index range each: grouping by the local date instead
      -- makes Postgres sort every message of the period (it cannot know
      -- that the date grows with sent_at).
      select g.d::date as d, t.inbound, t.outbound
      from generate_series(p.first_day, p.last_day, interval '1 day') as g (d)
      cross join lateral (
        select count(*) filter (where m.direction = 'inbound')::int as inbound,
               count(*) filter (where m.direction = 'outbound')::int as outbound
        from public.messages m
        where m.workspace_id = ws
          and m.sent_at >= (g.d::date::timestamp at time zone p.tz)
          and m.sent_at < ((g.d::date + 1)::timestamp at time zone p.tz)
          and m.type not in ('note', 'reaction')
      ) t
    ), starts as (
      select * from private.first_responses(ws, p.since, p.until)
    ), responses as (
      select (s.asked_at at time zone p.tz)::date as d,
             count(*)::int as started,
             count(s.answered_at)::int as answered,
             percentile_cont(0.5) within group (order by extract(epoch from s.answered_at - s.asked_at))
               filter (where s.answered_at is not null) as median
      from starts s
      group by 1
    )
    select g.d::date, coalesce(l.n, 0), coalesce(t.inbound, 0), coalesce(t.outbound, 0),
           coalesce(r.started, 0), coalesce(r.answered, 0), r.median
    from generate_series(p.first_day, p.last_day, interval '1 day') as g (d)
    left join leads l on l.d = g.d::date
    left join traffic t on t.d = g.d::date
    left join responses r on r.d = g.d::date
    order by 1;
end
$$;

-- The median first response over the whole period (a median of daily
-- medians would be wrong).
create function public.dashboard_first_response(ws uuid, days int default 30, at timestamptz default now())
returns table (conversations_started int, first_responses int, median_seconds double precision)
language plpgsql stable security definer set search_path = '' as $$
declare
  p record;
begin
  select * into p from private.dashboard_period(ws, days, at);
  if not found then
    return;
  end if;
  return query
    select count(*)::int, count(s.answered_at)::int,
           percentile_cont(0.5) within group (order by extract(epoch from s.answered_at - s.asked_at))
             filter (where s.answered_at is not null)
    from private.first_responses(ws, p.since, p.until) s;
end
$$;

-- Replies per member in the period (members who left keep their count under their account).
create function public.dashboard_agent_replies(ws uuid, days int default 30, at timestamptz default now())
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
      select m.sender_user_id as uid, count(*)::int as n
      from public.messages m
      where m.workspace_id = ws and m.sent_at >= p.since and m.sent_at < p.until
        -- A message with a member as its sender is that member's reply (the partial index's predicate).
        and m.sender_user_id is not null and m.direction = 'outbound' and m.type not in ('note', 'reaction')
      group by 1
    ) r
    left join auth.users u on u.id = r.uid
    order by r.n desc, 2;
end
$$;

-- Now, not per period: open and archived conversations, and leads per
-- stage of the workspace's pipeline (empty stages too, in pipeline order;
-- contacts_stage_idx of the CRM migration serves the count).
create function public.dashboard_snapshot(ws uuid)
returns table (kind text, key text, label text, "position" int, count int)
language plpgsql stable security definer set search_path = '' as $$
begin
  if not private.is_member(ws) then
    return;
  end if;
  return query
    select 'conversation_status'::text, c.status, c.status, 0, count(*)::int
    from public.conversations c where c.workspace_id = ws group by c.status
    union all
    select 'lead_stage'::text, s.key, s.label, s.position, coalesce(n.count, 0)
    from public.lead_stages s
    left join (
      select k.lead_status, count(*)::int as count from public.contacts k where k.workspace_id = ws group by k.lead_status
    ) n on n.lead_status = s.key
    where s.workspace_id = ws;
end
$$;

revoke execute on function public.dashboard_daily(uuid, int, timestamptz), public.dashboard_first_response(uuid, int, timestamptz),
  public.dashboard_agent_replies(uuid, int, timestamptz), public.dashboard_snapshot(uuid) from public, anon;
grant execute on function public.dashboard_daily(uuid, int, timestamptz), public.dashboard_first_response(uuid, int, timestamptz),
  public.dashboard_agent_replies(uuid, int, timestamptz), public.dashboard_snapshot(uuid) to authenticated, service_role;
grant execute on function private.dashboard_period(uuid, int, timestamptz), private.is_reply(text, text, text),
  private.first_responses(uuid, timestamptz, timestamptz)
  to authenticated, service_role;
