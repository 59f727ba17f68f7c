-- Teams, agents' availability, automatic assignment, reassignment when a
-- member leaves, and who sees which conversations (issue 20).
--
-- "Open load" (what the per-agent cap counts) is an agent's conversations in
-- status open or pending: both still need them; snoozed and resolved do not.
-- A team's queue is its unassigned conversations in status open (a pending
-- one waits on the customer, and enters the queue when their answer reopens it).

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------
create table public.teams (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 60),
  description text check (length(description) <= 300),
  auto_assign boolean not null default false,
  -- Most open conversations auto-assignment gives one agent; null: no cap.
  assignment_cap integer check (assignment_cap between 1 and 500),
  -- Round-robin pointer: the member who got the team's last assignment.
  last_assigned_to uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id)
);
create unique index teams_name_idx on public.teams (workspace_id, lower(name));

create table public.team_members (
  workspace_id uuid not null,
  team_id uuid not null,
  user_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, team_id, user_id),
  foreign key (workspace_id, team_id) references public.teams (workspace_id, id) on delete cascade,
  -- Leaving the workspace leaves its teams.
  foreign key (workspace_id, user_id) references public.workspace_members (workspace_id, user_id) on delete cascade
);
create index team_members_user_idx on public.team_members (user_id, workspace_id);

-- What an agent chose (online, away, offline) and whether a tab of theirs
-- is open: `present` turns false when no heartbeat came for a while
-- (browser closed), and back on at the next one, so an agent who chose
-- online is online again when they come back. Effective availability:
-- `availability` while present, offline otherwise. No row: offline.
create table public.member_availability (
  workspace_id uuid not null,
  user_id uuid not null,
  availability text not null default 'online' check (availability in ('online', 'away', 'offline')),
  present boolean not null default true,
  last_seen_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, user_id),
  foreign key (workspace_id, user_id) references public.workspace_members (workspace_id, user_id) on delete cascade
);
create index member_availability_present_idx on public.member_availability (last_seen_at) where present;

alter table public.conversations add column team_id uuid;
-- (PostgreSQL 15's column list: deleting a team clears team_id, never workspace_id.)
alter table public.conversations add constraint conversations_team_fk
  foreign key (workspace_id, team_id) references public.teams (workspace_id, id) on delete set null (team_id);
-- A team's queue, oldest first.
create index conversations_team_queue_idx on public.conversations (team_id, created_at, id)
  where assigned_to is null and status = 'open';
create index conversations_team_idx on public.conversations (workspace_id, team_id, last_message_at desc nulls last)
  where team_id is not null;

alter table public.whatsapp_channels add column default_team_id uuid;
alter table public.whatsapp_channels add constraint whatsapp_channels_default_team_fk
  foreign key (workspace_id, default_team_id) references public.teams (workspace_id, id) on delete set null (default_team_id);

-- 'all': every member sees every conversation (as before). 'own_team_unassigned':
-- agents see those assigned to them, to one of their teams, or unassigned;
-- owners and admins still see all.
alter table public.workspaces add column conversation_visibility text not null default 'all'
  check (conversation_visibility in ('all', 'own_team_unassigned'));

create trigger teams_touch before update on public.teams
  for each row execute function private.touch_updated_at();
create trigger member_availability_touch before update on public.member_availability
  for each row execute function private.touch_updated_at();

-- ---------------------------------------------------------------------------
-- New conversations get their number's default team, whichever path creates them
-- ---------------------------------------------------------------------------
create function private.conversation_default_team() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  select ch.default_team_id into new.team_id from public.whatsapp_channels ch
  where ch.workspace_id = new.workspace_id and ch.id = new.channel_id;
  return new;
end
$$;
create trigger conversations_default_team before insert on public.conversations
  for each row when (new.team_id is null) execute function private.conversation_default_team();

-- ---------------------------------------------------------------------------
-- Auto-assignment
-- ---------------------------------------------------------------------------

-- Assigns a team's queue, oldest first, round-robin among its members who
-- are online and below the cap. The team row's lock (NO KEY UPDATE: the
-- KEY SHARE lock that a conversation's foreign key to its team takes must
-- not conflict with it, or two ingesting transactions that each inserted a
-- conversation of the team would deadlock at commit) serializes every
-- assignment of a team, so two transactions cannot both see an agent below
-- the cap (each statement of this volatile function takes a fresh snapshot
-- after the lock is granted, so it counts what the previous holder
-- committed). Queued rows another transaction holds are skipped (that
-- transaction assigns them itself when it commits), so a holder of the team
-- lock never waits on a conversation: no deadlock with ingestion.
-- Assignments are the automation's: the person whose transaction caused
-- them is not their actor (request claims cleared while it assigns).
create function private.assign_team_queue(team uuid) returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  t record;
  conversation uuid;
  agent uuid;
  assigned integer := 0;
  claims text := current_setting('request.jwt.claims', true);
begin
  select id, workspace_id, assignment_cap, last_assigned_to into t
  from public.teams where id = team and auto_assign for no key update;
  if not found then
    return 0;
  end if;
  perform set_config('request.jwt.claims', '', true);
  loop
    select c.id into conversation from public.conversations c
    where c.team_id = t.id and c.assigned_to is null and c.status = 'open'
    order by c.created_at, c.id
    limit 1 for update skip locked;
    exit when conversation is null;
    select m.user_id into agent from public.team_members m
    join public.member_availability a on a.workspace_id = m.workspace_id and a.user_id = m.user_id
    where m.workspace_id = t.workspace_id and m.team_id = t.id and a.availability = 'online' and a.present
      and (t.assignment_cap is null or (
        select count(*) from public.conversations o
        where o.workspace_id = t.workspace_id and o.assigned_to = m.user_id and o.status in ('open', 'pending')
      ) < t.assignment_cap)
    -- the first member after the pointer, wrapping round
    order by (t.last_assigned_to is not null and m.user_id <= t.last_assigned_to), m.user_id
    limit 1;
    exit when agent is null;
    update public.conversations set assigned_to = agent where id = conversation;
    t.last_assigned_to := agent;
    assigned := assigned + 1;
    conversation := null;
    agent := null;
  end loop;
  if assigned > 0 then
    update public.teams set last_assigned_to = t.last_assigned_to where id = t.id;
  end if;
  perform set_config('request.jwt.claims', coalesce(claims, ''), true);
  return assigned;
end
$$;

-- The deferred triggers below call this at commit, when the transaction's
-- changes are final, so each team is assigned once per transaction however
-- many of its rows changed (a bulk resolve of thousands).
create function private.assign_team_queue_at_commit(team uuid) returns void
language plpgsql volatile security definer set search_path = '' as $$
declare
  done text := coalesce(current_setting('conversa.assigned_teams', true), '');
begin
  if team is null or position(team::text in done) > 0 then
    return;
  end if;
  perform set_config('conversa.assigned_teams', done || team::text || ',', true);
  perform private.assign_team_queue(team);
end
$$;

create function private.assign_member_teams_at_commit(ws uuid, member uuid) returns void
language plpgsql volatile security definer set search_path = '' as $$
declare
  team uuid;
begin
  for team in select m.team_id from public.team_members m where m.workspace_id = ws and m.user_id = member loop
    perform private.assign_team_queue_at_commit(team);
  end loop;
end
$$;

-- A conversation entered a team's queue (new, moved to the team, unassigned,
-- reopened), or left an agent's open load (resolved, snoozed, reassigned):
-- that agent may take the next one of their teams' queues.
create function private.conversations_assignment_trigger() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.team_id is not null and new.assigned_to is null and new.status = 'open' then
    perform private.assign_team_queue_at_commit(new.team_id);
  end if;
  if tg_op = 'UPDATE' and old.assigned_to is not null then
    perform private.assign_member_teams_at_commit(old.workspace_id, old.assigned_to);
  end if;
  return null;
end
$$;
create constraint trigger conversations_assign_insert after insert on public.conversations
  deferrable initially deferred
  for each row when (new.team_id is not null and new.assigned_to is null and new.status = 'open')
  execute function private.conversations_assignment_trigger();
create constraint trigger conversations_assign_update after update on public.conversations
  deferrable initially deferred
  for each row when (
    (new.team_id is not null and new.assigned_to is null and new.status = 'open'
      and (old.team_id is distinct from new.team_id or old.assigned_to is not null or old.status <> 'open'))
    or (old.assigned_to is not null and old.status in ('open', 'pending')
      and (new.assigned_to is distinct from old.assigned_to or new.status not in ('open', 'pending'))))
  execute function private.conversations_assignment_trigger();

-- A team turned auto-assignment on or raised its cap; a member joined it;
-- an agent became available.
create function private.teams_assignment_trigger() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- (one statement per table: a record's fields are resolved when the statement runs)
  if tg_table_name = 'member_availability' then
    perform private.assign_member_teams_at_commit(new.workspace_id, new.user_id);
  elsif tg_table_name = 'teams' then
    perform private.assign_team_queue_at_commit(new.id);
  else
    perform private.assign_team_queue_at_commit(new.team_id);
  end if;
  return null;
end
$$;
create constraint trigger teams_assign after update on public.teams
  deferrable initially deferred
  for each row when (new.auto_assign and (not old.auto_assign
    or new.assignment_cap is null and old.assignment_cap is not null
    or new.assignment_cap > old.assignment_cap))
  execute function private.teams_assignment_trigger();
create constraint trigger team_members_assign after insert on public.team_members
  deferrable initially deferred
  for each row execute function private.teams_assignment_trigger();
create constraint trigger member_availability_assign_insert after insert on public.member_availability
  deferrable initially deferred
  for each row when (new.availability = 'online' and new.present)
  execute function private.teams_assignment_trigger();
create constraint trigger member_availability_assign_update after update on public.member_availability
  deferrable initially deferred
  for each row when (new.availability = 'online' and new.present and not (old.availability = 'online' and old.present))
  execute function private.teams_assignment_trigger();

-- A member removed from the workspace (or leaving it) keeps no conversation
-- that still needs someone: those go back to their team's queue (assigned
-- at commit if the team auto-assigns). Resolved ones keep their history.
create function private.unassign_removed_member() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.conversations set assigned_to = null
  where workspace_id = old.workspace_id and assigned_to = old.user_id and status <> 'resolved';
  return null;
end
$$;
create trigger workspace_members_unassign after delete on public.workspace_members
  for each row execute function private.unassign_removed_member();

-- ---------------------------------------------------------------------------
-- Availability: the agent's own, through these two functions only
-- ---------------------------------------------------------------------------
create function public.set_my_availability(ws uuid, status text) returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  if not private.is_member(ws) or private.api_key_id() is not null then
    raise exception 'not a member of this workspace' using errcode = '42501';
  end if;
  insert into public.member_availability (workspace_id, user_id, availability)
  values (ws, auth.uid(), status)
  on conflict (workspace_id, user_id) do update
    set availability = excluded.availability, present = true, last_seen_at = now();
end
$$;

-- A tab of the agent is open (called every minute by the app shell). Writes
-- only when the last heartbeat is older than 30 s, so several tabs cost little.
create function public.touch_my_presence(ws uuid) returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  if not private.is_member(ws) or private.api_key_id() is not null then
    raise exception 'not a member of this workspace' using errcode = '42501';
  end if;
  update public.member_availability set present = true, last_seen_at = now()
  where workspace_id = ws and user_id = auth.uid()
    and (not present or last_seen_at < now() - interval '30 seconds');
end
$$;

revoke execute on function public.set_my_availability(uuid, text), public.touch_my_presence(uuid) from public, anon;
grant execute on function public.set_my_availability(uuid, text), public.touch_my_presence(uuid) to authenticated;

-- ---------------------------------------------------------------------------
-- Who sees what
-- ---------------------------------------------------------------------------

-- Workspaces where the caller sees every conversation: an API key's (it
-- serves the whole workspace), those the caller administers, and those
-- whose visibility is 'all'. Sets evaluated once per query, as in 20261125530000.
create function private.all_conversations_workspaces() returns setof uuid
language plpgsql stable security definer set search_path = '' rows 3 as $$
declare
  key_id uuid := private.api_key_id();
begin
  if key_id is null then
    return query select m.workspace_id from public.workspace_members m
      join public.workspaces w on w.id = m.workspace_id
      where m.user_id = auth.uid() and (m.role in ('owner', 'admin') or w.conversation_visibility = 'all');
  else
    return query select k.workspace_id from public.api_keys k where k.id = key_id and k.revoked_at is null;
  end if;
end
$$;

-- The caller's teams.
create function private.my_teams() returns setof uuid
language sql stable security definer set search_path = '' rows 5 as $$
  select m.team_id from public.team_members m where m.user_id = auth.uid()
$$;

-- The conversations a restricted agent may see, in the workspaces where
-- they are restricted (empty for everyone else): for the tables that
-- reach a conversation by its id (messages and what hangs off them).
create function private.restricted_visible_conversations() returns setof uuid
language sql stable security definer set search_path = '' rows 1000 as $$
  select c.id from public.workspace_members m
  join public.workspaces w on w.id = m.workspace_id and w.conversation_visibility = 'own_team_unassigned'
  join public.conversations c on c.workspace_id = m.workspace_id
  where m.user_id = auth.uid() and m.role = 'agent' and private.api_key_id() is null
    and (c.assigned_to is null or c.assigned_to = m.user_id
      or c.team_id in (select t.team_id from public.team_members t where t.workspace_id = m.workspace_id and t.user_id = m.user_id))
$$;

grant execute on function private.all_conversations_workspaces(), private.my_teams(),
  private.restricted_visible_conversations() to authenticated, service_role;

alter policy conversations_select on public.conversations
  using (workspace_id in (select private.all_conversations_workspaces())
    or (workspace_id in (select private.member_workspaces())
      and (assigned_to is null or assigned_to = (select auth.uid()) or team_id in (select private.my_teams()))));
-- An agent may hand a conversation they see to someone they will not see it with.
alter policy conversations_update on public.conversations
  using (workspace_id in (select private.all_conversations_workspaces())
    or (workspace_id in (select private.member_workspaces())
      and (assigned_to is null or assigned_to = (select auth.uid()) or team_id in (select private.my_teams()))))
  with check (workspace_id in (select private.member_workspaces()));

alter policy messages_select on public.messages
  using (workspace_id in (select private.all_conversations_workspaces())
    or conversation_id in (select private.restricted_visible_conversations()));
alter policy messages_insert on public.messages
  with check (workspace_id in (select private.all_conversations_workspaces())
    or conversation_id in (select private.restricted_visible_conversations()));
alter policy messages_update on public.messages
  using (workspace_id in (select private.all_conversations_workspaces())
    or conversation_id in (select private.restricted_visible_conversations()))
  with check (workspace_id in (select private.all_conversations_workspaces())
    or conversation_id in (select private.restricted_visible_conversations()));

-- Statuses name their message by wamid; the message's own policy decides.
alter policy message_statuses_select on public.message_statuses
  using (workspace_id in (select private.all_conversations_workspaces())
    or exists (select 1 from public.messages m where m.workspace_id = message_statuses.workspace_id and m.wamid = message_statuses.wamid));

-- Search: the same visibility, checked inside the function (it bypasses RLS for the indexes' sake).
create or replace function public.search_conversations(ws uuid, text_pattern text, phone_pattern text)
returns table (conversation_id uuid)
language plpgsql stable security definer set search_path = '' as $$
begin
  if not private.is_member(ws) then
    return;
  end if;
  if ws in (select private.all_conversations_workspaces()) then
    return query
      select c.id from public.conversations c
      join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
      where c.workspace_id = ws
        and (coalesce(k.name, k.profile_name, '') ilike text_pattern or coalesce(k.phone_e164, '') ilike phone_pattern)
      union
      select m.conversation_id from public.messages m
      where m.workspace_id = ws and m.body ilike text_pattern and m.type <> 'note';
  else
    return query
      select s.id from (
        select c.id from public.conversations c
        join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
        where c.workspace_id = ws
          and (coalesce(k.name, k.profile_name, '') ilike text_pattern or coalesce(k.phone_e164, '') ilike phone_pattern)
        union
        select m.conversation_id from public.messages m
        where m.workspace_id = ws and m.body ilike text_pattern and m.type <> 'note'
      ) s
      where s.id in (select private.restricted_visible_conversations());
  end if;
end
$$;

-- ---------------------------------------------------------------------------
-- Privileges and policies of the new tables
-- ---------------------------------------------------------------------------
alter table public.teams enable row level security;
alter table public.team_members enable row level security;
alter table public.member_availability enable row level security;

create policy teams_select on public.teams for select to authenticated
  using (workspace_id in (select private.member_workspaces()));
create policy teams_insert on public.teams for insert to authenticated
  with check (workspace_id in (select private.admin_workspaces()));
create policy teams_update on public.teams for update to authenticated
  using (workspace_id in (select private.admin_workspaces()))
  with check (workspace_id in (select private.admin_workspaces()));
create policy teams_delete on public.teams for delete to authenticated
  using (workspace_id in (select private.admin_workspaces()));

create policy team_members_select on public.team_members for select to authenticated
  using (workspace_id in (select private.member_workspaces()));
create policy team_members_insert on public.team_members for insert to authenticated
  with check (workspace_id in (select private.admin_workspaces()));
create policy team_members_delete on public.team_members for delete to authenticated
  using (workspace_id in (select private.admin_workspaces()));

create policy member_availability_select on public.member_availability for select to authenticated
  using (workspace_id in (select private.member_workspaces()));

grant select, insert, delete on public.teams, public.team_members to authenticated;
-- The round-robin pointer is the automation's.
grant update (name, description, auto_assign, assignment_cap) on public.teams to authenticated;
grant select on public.member_availability to authenticated;
grant all on public.teams, public.team_members, public.member_availability to service_role;
-- Members read channels' public columns only (column grants); the default team is one.
grant select (default_team_id) on public.whatsapp_channels to authenticated;
