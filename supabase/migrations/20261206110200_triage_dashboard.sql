-- The dashboard's triage figures (issue 20): resolution time of the
-- conversations resolved in the period, and open conversations per agent.

-- Resolved in [since, until): from the start of their cycle (created, or
-- reopened after an earlier resolution) to resolved_at. Reads
-- conversations_resolved_at_idx. A conversation reopened since then counts
-- in the period it is resolved again.
create function public.dashboard_resolution(ws uuid, days int default 30, at timestamptz default now())
returns table (resolved int, median_seconds double precision, average_seconds double precision)
language plpgsql stable security definer set search_path = '' as $$
declare
  p record;
begin
  select * into p from private.dashboard_period(ws, days, at);
  if not found then
    return;
  end if;
  return query
    select count(*)::int,
           percentile_cont(0.5) within group (order by extract(epoch from c.resolved_at - c.opened_at)),
           avg(extract(epoch from c.resolved_at - c.opened_at))::double precision
    from public.conversations c
    where c.workspace_id = ws and c.status = 'resolved' and c.resolved_at >= p.since and c.resolved_at < p.until;
end
$$;

-- Now: open conversations assigned to each member (conversations_assignee_idx).
create function public.dashboard_open_by_agent(ws uuid)
returns table (user_id uuid, full_name text, email text, open int)
language plpgsql stable security definer set search_path = '' as $$
begin
  if not private.is_member(ws) then
    return;
  end if;
  return query
    select r.uid, coalesce(u.raw_user_meta_data ->> 'full_name', split_part(u.email::text, '@', 1), 'Former member'),
           u.email::text, r.n
    from (
      select c.assigned_to as uid, count(*)::int as n
      from public.conversations c
      where c.workspace_id = ws and c.assigned_to is not null and c.status = 'open'
      group by 1
    ) r
    left join auth.users u on u.id = r.uid
    order by r.n desc, 2;
end
$$;

revoke execute on function public.dashboard_resolution(uuid, int, timestamptz), public.dashboard_open_by_agent(uuid) from public, anon;
grant execute on function public.dashboard_resolution(uuid, int, timestamptz), public.dashboard_open_by_agent(uuid)
  to authenticated, service_role;
