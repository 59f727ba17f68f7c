-- Outbound webhooks: admins subscribe HTTPS URLs to events of their
-- workspace. Events are captured by statement-level triggers into an outbox
-- (public.webhook_outbox) in the transaction of the change itself, whatever
-- path made it (inbox, API, provider webhooks, AI assistant, imports), so an
-- event exists exactly when its change was committed. The worker turns
-- outbox rows into one delivery per subscription and one job per delivery
-- (src/server/outhooks). Not to be confused with public.webhook_events, the
-- log of *inbound* provider webhooks.

create table public.webhook_subscriptions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  url text not null check (url ~ '^https?://' and length(url) <= 2000),
  description text check (length(description) <= 200),
  events text[] not null check (cardinality(events) > 0 and events <@ array[
    'message.received', 'message.status_updated', 'contact.created', 'contact.updated',
    'conversation.assigned', 'conversation.archived', 'lead.status_changed'
  ]::text[]),
  -- The signing secret, AES-256-GCM encrypted by the server; members cannot select it.
  secret_encrypted text not null,
  status text not null default 'active' check (status in ('active', 'paused')),
  paused_reason text,
  paused_at timestamptz,
  -- Deliveries in a row that failed their last attempt, and since when attempts keep failing:
  -- the worker pauses the subscription when either grows too large.
  consecutive_failures integer not null default 0,
  failing_since timestamptz,
  last_delivery_at timestamptz,
  last_delivery_ok boolean,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id)
);
-- What the capture triggers ask on every ingestion statement: tiny and indexed.
create index webhook_subscriptions_active_idx on public.webhook_subscriptions (workspace_id) where status = 'active';

create trigger webhook_subscriptions_touch before update on public.webhook_subscriptions
  for each row execute function private.touch_updated_at();

-- One row per event. `payload` is written when the worker dispatches it (the
-- API's serializers build `data`), and then never changes: retries and
-- replays send the same bytes under the same id.
create table public.webhook_outbox (
  id uuid primary key default gen_random_uuid(),
  -- Order of capture: rows of one transaction share created_at.
  seq bigint generated always as identity,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  type text not null,
  -- The message, contact or conversation the event is about.
  entity_id uuid,
  -- Facts of the change as it happened (e.g. previous and new status), merged into `data`.
  changes jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  dispatched_at timestamptz,
  payload jsonb,
  unique (workspace_id, id)
);
create index webhook_outbox_pending_idx on public.webhook_outbox (seq) where dispatched_at is null;

create table public.webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  subscription_id uuid not null,
  event_id uuid not null,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  attempts integer not null default 0,
  last_attempt_at timestamptz,
  last_response_status integer,
  last_error text,
  created_at timestamptz not null default now(),
  unique (workspace_id, id),
  unique (workspace_id, subscription_id, event_id),
  foreign key (workspace_id, subscription_id) references public.webhook_subscriptions (workspace_id, id) on delete cascade,
  foreign key (workspace_id, event_id) references public.webhook_outbox (workspace_id, id) on delete cascade
);
create index webhook_deliveries_log_idx on public.webhook_deliveries (workspace_id, subscription_id, created_at desc, id desc);

-- Every HTTP attempt of a delivery, as the log shows it.
create table public.webhook_attempts (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  delivery_id uuid not null,
  attempted_at timestamptz not null default now(),
  response_status integer,
  latency_ms integer not null,
  -- At most 1 kB of the answer's body.
  response_excerpt text check (octet_length(response_excerpt) <= 1024),
  error text,
  succeeded boolean not null,
  foreign key (workspace_id, delivery_id) references public.webhook_deliveries (workspace_id, id) on delete cascade
);
create index webhook_attempts_delivery_idx on public.webhook_attempts (workspace_id, delivery_id, id);

-- ---------------------------------------------------------------------------
-- Capture. Statement-level triggers with transition tables: ingestion
-- writes hundreds of rows per statement, and a workspace without a
-- subscription costs one indexed look-up per statement, not per row.
-- ---------------------------------------------------------------------------

-- The workspaces among `ws` with an active subscription to `event_type`.
create function private.subscribed_workspaces(ws uuid[], event_type text) returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(distinct s.workspace_id), '{}')
  from public.webhook_subscriptions s
  where s.status = 'active' and s.workspace_id = any(ws) and event_type = any(s.events)
$$;

-- One function for the five triggers; the trigger's arguments are the event
-- types its table and operation can produce. Transition tables that an
-- operation lacks (old_rows on INSERT) are only named in branches it never runs.
create function private.capture_webhook_events() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  ws uuid[] := array(select distinct workspace_id from new_rows);
  first_type uuid[];
  second_type uuid[];
begin
  -- The common case, a statement of workspaces without subscribers, ends here.
  if not exists (
    select 1 from public.webhook_subscriptions s
    where s.status = 'active' and s.workspace_id = any(ws) and s.events && tg_argv::text[]
  ) then
    return null;
  end if;
  first_type := private.subscribed_workspaces(ws, tg_argv[0]);
  second_type := case when tg_nargs > 1 then private.subscribed_workspaces(ws, tg_argv[1]) else '{}' end;

  if tg_table_name = 'messages' and tg_op = 'INSERT' then
    -- Live customer messages only: no history sync, and reactions are not a Message of the API.
    insert into public.webhook_outbox (workspace_id, type, entity_id)
    select n.workspace_id, 'message.received', n.id from new_rows n
    where n.workspace_id = any(first_type) and n.direction = 'inbound' and not n.is_historical and n.type <> 'reaction';
  elsif tg_table_name = 'messages' then
    insert into public.webhook_outbox (workspace_id, type, entity_id, changes)
    select n.workspace_id, 'message.status_updated', n.id, jsonb_build_object('status', n.status, 'previous_status', o.status)
    from new_rows n join old_rows o on o.id = n.id
    where n.workspace_id = any(first_type) and n.status is distinct from o.status;
  elsif tg_table_name = 'contacts' and tg_op = 'INSERT' then
    insert into public.webhook_outbox (workspace_id, type, entity_id)
    select n.workspace_id, 'contact.created', n.id from new_rows n where n.workspace_id = any(first_type);
  elsif tg_table_name = 'contacts' then
    -- Only what the API shows: ingestion touching last_activity_at is not an update of the contact.
    insert into public.webhook_outbox (workspace_id, type, entity_id, changes)
    select n.workspace_id, e.type, n.id, e.changes
    from new_rows n join old_rows o on o.id = n.id
    cross join lateral (values
      ('contact.updated', '{}'::jsonb,
       n.workspace_id = any(first_type)
       and (n.phone_e164, n.wa_id, n.name, n.profile_name, n.email, n.lead_status, n.lead_score, n.tags, n.custom_attributes, n.source)
           is distinct from
           (o.phone_e164, o.wa_id, o.name, o.profile_name, o.email, o.lead_status, o.lead_score, o.tags, o.custom_attributes, o.source)),
      ('lead.status_changed', jsonb_build_object('status', n.lead_status, 'previous_status', o.lead_status),
       n.workspace_id = any(second_type) and n.lead_status is distinct from o.lead_status)
    ) as e (type, changes, wanted)
    where e.wanted;
  else
    insert into public.webhook_outbox (workspace_id, type, entity_id, changes)
    select n.workspace_id, e.type, n.id, e.changes
    from new_rows n join old_rows o on o.id = n.id
    cross join lateral (values
      ('conversation.assigned', jsonb_build_object('assigned_to', n.assigned_to, 'previous_assigned_to', o.assigned_to),
       n.workspace_id = any(first_type) and n.assigned_to is distinct from o.assigned_to),
      ('conversation.archived', '{}'::jsonb,
       n.workspace_id = any(second_type) and n.status = 'archived' and o.status <> 'archived')
    ) as e (type, changes, wanted)
    where e.wanted;
  end if;
  return null;
end
$$;

create trigger messages_capture_insert after insert on public.messages
  referencing new table as new_rows
  for each statement execute function private.capture_webhook_events('message.received');
create trigger messages_capture_update after update on public.messages
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.capture_webhook_events('message.status_updated');
create trigger contacts_capture_insert after insert on public.contacts
  referencing new table as new_rows
  for each statement execute function private.capture_webhook_events('contact.created');
create trigger contacts_capture_update after update on public.contacts
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.capture_webhook_events('contact.updated', 'lead.status_changed');
create trigger conversations_capture_update after update on public.conversations
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.capture_webhook_events('conversation.assigned', 'conversation.archived');

-- ---------------------------------------------------------------------------
-- Row level security: admins manage subscriptions and read their deliveries;
-- the outbox and the delivery state are written by the worker (service role).
-- ---------------------------------------------------------------------------
alter table public.webhook_subscriptions enable row level security;
alter table public.webhook_outbox enable row level security;
alter table public.webhook_deliveries enable row level security;
alter table public.webhook_attempts enable row level security;

create policy webhook_subscriptions_select on public.webhook_subscriptions for select to authenticated
  using (private.is_admin(workspace_id));
create policy webhook_subscriptions_insert on public.webhook_subscriptions for insert to authenticated
  with check (private.is_admin(workspace_id) and created_by = auth.uid());
create policy webhook_subscriptions_update on public.webhook_subscriptions for update to authenticated
  using (private.is_admin(workspace_id)) with check (private.is_admin(workspace_id));
create policy webhook_subscriptions_delete on public.webhook_subscriptions for delete to authenticated
  using (private.is_admin(workspace_id));
create policy webhook_outbox_select on public.webhook_outbox for select to authenticated
  using (private.is_admin(workspace_id));
create policy webhook_deliveries_select on public.webhook_deliveries for select to authenticated
  using (private.is_admin(workspace_id));
create policy webhook_attempts_select on public.webhook_attempts for select to authenticated
  using (private.is_admin(workspace_id));

revoke all on public.webhook_subscriptions, public.webhook_outbox, public.webhook_deliveries, public.webhook_attempts
  from anon, authenticated;
grant select (id, workspace_id, url, description, events, status, paused_reason, paused_at, consecutive_failures, failing_since,
              last_delivery_at, last_delivery_ok, created_by, created_at, updated_at)
  on public.webhook_subscriptions to authenticated;
grant insert (workspace_id, url, description, events, secret_encrypted, created_by) on public.webhook_subscriptions to authenticated;
-- Resuming clears the failure counters; pausing by hand sets the reason.
grant update (url, description, events, secret_encrypted, status, paused_reason, paused_at, consecutive_failures, failing_since)
  on public.webhook_subscriptions to authenticated;
grant delete on public.webhook_subscriptions to authenticated;
grant select on public.webhook_outbox, public.webhook_deliveries, public.webhook_attempts to authenticated;
grant all on public.webhook_subscriptions, public.webhook_outbox, public.webhook_deliveries, public.webhook_attempts to service_role;
grant execute on function private.subscribed_workspaces(uuid[], text) to authenticated, service_role;
