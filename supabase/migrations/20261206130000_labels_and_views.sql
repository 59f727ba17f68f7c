-- Labels on conversations and saved inbox views (issue 20).
--
-- Labels are the workspace's own vocabulary for conversations ("billing",
-- "bug", "VIP order"), distinct from contact tags, which describe a person.
-- Admins define them; any member puts them on and takes them off a
-- conversation. Views are saved inbox filters, personal or shared.

-- Who is acting, for the *_by columns: the signed-in user, or nobody for
-- an API key (auth.uid() is then the key's id, not a user).
create function private.acting_user() returns uuid
language sql stable set search_path = '' as $$
  select case when private.api_key_id() is null then auth.uid() end
$$;
grant execute on function private.acting_user() to authenticated, service_role;

-- The colours a label may have: the UI's fixed palette (src/lib/label-colors.ts).
create table public.labels (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 50 and name = btrim(name)),
  color text not null default 'slate' check (color in (
    'slate', 'red', 'orange', 'amber', 'green', 'teal', 'sky', 'blue', 'violet', 'pink'
  )),
  description text check (length(description) <= 200),
  created_by uuid references auth.users (id) on delete set null default private.acting_user(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id)
);
-- "Billing" and "billing" are one label.
create unique index labels_name_idx on public.labels (workspace_id, lower(name));

create trigger labels_touch before update on public.labels
  for each row execute function private.touch_updated_at();

create table public.conversation_labels (
  workspace_id uuid not null,
  conversation_id uuid not null,
  label_id uuid not null,
  added_by uuid references auth.users (id) on delete set null default private.acting_user(),
  added_at timestamptz not null default now(),
  primary key (workspace_id, conversation_id, label_id),
  foreign key (workspace_id, conversation_id) references public.conversations (workspace_id, id) on delete cascade,
  foreign key (workspace_id, label_id) references public.labels (workspace_id, id) on delete cascade
);
-- The label filter: conversations carrying a label.
create index conversation_labels_label_idx on public.conversation_labels (workspace_id, label_id, conversation_id);

-- Saved views: a name and a filter (src/lib/conversation-filter.ts, checked
-- by the server on write and again on read). owner_id null: shared with the
-- workspace (only admins share); otherwise only its owner sees it.
create table public.inbox_views (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  owner_id uuid references auth.users (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 60),
  filter jsonb not null default '{}'::jsonb check (jsonb_typeof(filter) = 'object'),
  position integer not null default 0,
  created_by uuid references auth.users (id) on delete set null default private.acting_user(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id)
);
create index inbox_views_owner_idx on public.inbox_views (workspace_id, owner_id, position);

create trigger inbox_views_touch before update on public.inbox_views
  for each row execute function private.touch_updated_at();

-- ---------------------------------------------------------------------------
-- Live updates and outbound webhooks for label changes. Statement-level
-- triggers with transition tables: a bulk "add label" to 2,500 conversations
-- is one call, announcing each conversation once as a change of the
-- conversation (what the list refetches), and one outbox row per
-- conversation when someone subscribed. Rows removed because their
-- conversation or label was deleted are not announced.
-- ---------------------------------------------------------------------------
create function private.conversation_labels_changed() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  broadcast boolean := (select s.broadcast_changes from private.platform_settings s);
  workspace_ids uuid[];
  conversation_ids uuid[];
  label_ids uuid[];
  changed record;
begin
  -- A trigger function sees only its own transition table: gather it first.
  if tg_op = 'INSERT' then
    select array_agg(workspace_id), array_agg(conversation_id), array_agg(label_id)
      into workspace_ids, conversation_ids, label_ids from new_rows;
  else
    select array_agg(workspace_id), array_agg(conversation_id), array_agg(label_id)
      into workspace_ids, conversation_ids, label_ids from old_rows;
  end if;
  if workspace_ids is null then
    return null;
  end if;

  -- Conversations still standing (not those deleted with their labels).
  for changed in
    select distinct r.workspace_id, r.conversation_id
    from unnest(workspace_ids, conversation_ids) as r (workspace_id, conversation_id)
    join public.conversations c on c.workspace_id = r.workspace_id and c.id = r.conversation_id
  loop
    perform pg_notify('conversa_changes', jsonb_build_object(
      'topic', 'workspace:' || changed.workspace_id, 'table', 'conversations', 'op', 'update',
      'id', changed.conversation_id, 'conversation_id', changed.conversation_id)::text);
    if broadcast then
      perform realtime.send(jsonb_build_object('table', 'conversations', 'op', 'update', 'id', changed.conversation_id,
        'conversation_id', changed.conversation_id), 'change', 'workspace:' || changed.workspace_id, true);
    end if;
  end loop;

  insert into public.webhook_outbox (workspace_id, type, entity_id, changes)
  select r.workspace_id, 'conversation.labels_changed', r.conversation_id, jsonb_build_object(
    case when tg_op = 'INSERT' then 'added' else 'removed' end,
    jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name) order by l.name),
    case when tg_op = 'INSERT' then 'removed' else 'added' end, '[]'::jsonb)
  from unnest(workspace_ids, conversation_ids, label_ids) as r (workspace_id, conversation_id, label_id)
  join public.conversations c on c.workspace_id = r.workspace_id and c.id = r.conversation_id
  join public.labels l on l.workspace_id = r.workspace_id and l.id = r.label_id
  where r.workspace_id in (
    select s.workspace_id from public.webhook_subscriptions s
    where s.status = 'active' and 'conversation.labels_changed' = any(s.events))
  group by r.workspace_id, r.conversation_id;

  -- The thread's activity lines (20261206110100; the actor is stamped from the request's claims).
  insert into public.conversation_activity (workspace_id, conversation_id, kind, data)
  select r.workspace_id, r.conversation_id, case when tg_op = 'INSERT' then 'label_added' else 'label_removed' end,
         jsonb_build_object('label_id', l.id, 'name', l.name, 'color', l.color)
  from unnest(workspace_ids, conversation_ids, label_ids) as r (workspace_id, conversation_id, label_id)
  join public.conversations c on c.workspace_id = r.workspace_id and c.id = r.conversation_id
  join public.labels l on l.workspace_id = r.workspace_id and l.id = r.label_id;
  return null;
end
$$;

create trigger conversation_labels_inserted after insert on public.conversation_labels
  referencing new table as new_rows
  for each statement execute function private.conversation_labels_changed();
create trigger conversation_labels_deleted after delete on public.conversation_labels
  referencing old table as old_rows
  for each statement execute function private.conversation_labels_changed();

-- Outbound webhooks may subscribe to the new event (the list of 20261206110000, plus it).
alter table public.webhook_subscriptions drop constraint webhook_subscriptions_events_check;
alter table public.webhook_subscriptions add constraint webhook_subscriptions_events_check
  check (cardinality(events) > 0 and events <@ array[
    'message.received', 'message.status_updated', 'contact.created', 'contact.updated',
    'conversation.assigned', 'conversation.status_changed', 'conversation.archived', 'lead.status_changed',
    'conversation.labels_changed'
  ]::text[]);

-- ---------------------------------------------------------------------------
-- Row level security
-- ---------------------------------------------------------------------------
alter table public.labels enable row level security;
alter table public.conversation_labels enable row level security;
alter table public.inbox_views enable row level security;

-- Members read and use labels; admins define them. An API key (write scope,
-- checked by the route) may create one: integrations label what they route.
create policy labels_select on public.labels for select to authenticated
  using (workspace_id in (select private.member_workspaces()));
create policy labels_insert on public.labels for insert to authenticated
  with check (
    workspace_id in (select private.admin_workspaces())
    or ((select private.api_key_id()) is not null and workspace_id in (select private.member_workspaces())));
create policy labels_update on public.labels for update to authenticated
  using (workspace_id in (select private.admin_workspaces()))
  with check (workspace_id in (select private.admin_workspaces()));
create policy labels_delete on public.labels for delete to authenticated
  using (workspace_id in (select private.admin_workspaces()));

create policy conversation_labels_select on public.conversation_labels for select to authenticated
  using (workspace_id in (select private.member_workspaces()));
create policy conversation_labels_insert on public.conversation_labels for insert to authenticated
  with check (workspace_id in (select private.member_workspaces()));
create policy conversation_labels_delete on public.conversation_labels for delete to authenticated
  using (workspace_id in (select private.member_workspaces()));

-- A personal view is its owner's alone; a shared one (owner_id null) is
-- read by every member and written by admins. An agent cannot share.
create policy inbox_views_select on public.inbox_views for select to authenticated
  using (workspace_id in (select private.member_workspaces()) and (owner_id is null or owner_id = (select auth.uid())));
create policy inbox_views_insert on public.inbox_views for insert to authenticated
  with check (
    (owner_id = (select auth.uid()) and workspace_id in (select private.member_workspaces()))
    or (owner_id is null and workspace_id in (select private.admin_workspaces())));
create policy inbox_views_update on public.inbox_views for update to authenticated
  using (
    (owner_id = (select auth.uid()) and workspace_id in (select private.member_workspaces()))
    or (owner_id is null and workspace_id in (select private.admin_workspaces())))
  with check (
    (owner_id = (select auth.uid()) and workspace_id in (select private.member_workspaces()))
    or (owner_id is null and workspace_id in (select private.admin_workspaces())));
create policy inbox_views_delete on public.inbox_views for delete to authenticated
  using (
    (owner_id = (select auth.uid()) and workspace_id in (select private.member_workspaces()))
    or (owner_id is null and workspace_id in (select private.admin_workspaces())));

revoke all on public.labels, public.conversation_labels, public.inbox_views from anon, authenticated;
grant select, delete on public.labels to authenticated;
grant insert (workspace_id, name, color, description) on public.labels to authenticated;
grant update (name, color, description) on public.labels to authenticated;
grant select, delete on public.conversation_labels to authenticated;
grant insert (workspace_id, conversation_id, label_id) on public.conversation_labels to authenticated;
grant select, delete on public.inbox_views to authenticated;
grant insert (workspace_id, owner_id, name, filter, position) on public.inbox_views to authenticated;
grant update (owner_id, name, filter, position) on public.inbox_views to authenticated;
grant all on public.labels, public.conversation_labels, public.inbox_views to service_role;
