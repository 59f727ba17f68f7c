-- The dashboard per team: now (open, pending, snoozed, and open ones still
-- waiting in the team's queue) and over the period (resolved, median
-- resolution time). One workspace's teams, its conversations through
-- conversations_team_idx; membership checked once, as the other figures.
create function public.dashboard_teams(ws uuid, days int default 30, at timestamptz default now())
returns table (team_id uuid, name text, open int, pending int, snoozed int, queued int, resolved int,
               median_resolution_seconds double precision)
language plpgsql stable security definer set search_path = '' as $$
declare
  p record;
begin
  select * into p from private.dashboard_period(ws, days, at);
  if not found then
    return;
  end if;
  return query
    select t.id, t.name,
           (count(*) filter (where c.status = 'open'))::int,
           (count(*) filter (where c.status = 'pending'))::int,
           (count(*) filter (where c.status = 'snoozed'))::int,
           (count(*) filter (where c.status = 'open' and c.assigned_to is null))::int,
           (count(*) filter (where c.status = 'resolved' and c.resolved_at >= p.since and c.resolved_at < p.until))::int,
           percentile_cont(0.5) within group (order by extract(epoch from c.resolved_at - c.opened_at))
             filter (where c.status = 'resolved' and c.resolved_at >= p.since and c.resolved_at < p.until)
    from public.teams t
    left join public.conversations c on c.workspace_id = t.workspace_id and c.team_id = t.id
    where t.workspace_id = ws
    group by t.id, t.name
    order by lower(t.name), t.id;
end
$$;

revoke execute on function public.dashboard_teams(uuid, int, timestamptz) from public, anon;
grant execute on function public.dashboard_teams(uuid, int, timestamptz) to authenticated, service_role;
