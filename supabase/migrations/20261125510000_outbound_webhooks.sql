-- Outbound webhooks: admins subscribe HTTPS URLs to events of their
-- workspace. Events are captured by triggers into an outbox
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
-- What the capture triggers ask: tiny and indexed.
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
-- Capture, at the least cost for workspaces without subscribers:
-- * inserts (ingestion writes up to 250 messages and contacts per statement):
--   statement-level triggers with transition tables, one call per statement;
-- * updates: row-level triggers whose WHEN clause (evaluated without calling
--   any function) lets through only the changes an event is about. The
--   conversation-stats trigger updates a conversation for every message, and
--   ingestion bumps contacts' last_activity_at: neither reaches a function.
-- ---------------------------------------------------------------------------

-- Whether the workspace has an active subscription to the event type.
create function private.is_subscribed(ws uuid, event_type text) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.webhook_subscriptions s
    where s.workspace_id = ws and s.status = 'active' and event_type = any(s.events)
  )
$$;

-- Inserts: the trigger's argument is the event type.
create function private.capture_inserts() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  subscribed uuid[];
begin
  select coalesce(array_agg(distinct s.workspace_id), '{}') into subscribed
  from public.webhook_subscriptions s
  where s.status = 'active' and tg_argv[0] = any(s.events) and s.workspace_id in (select workspace_id from new_rows);
  -- The common case, a statement of workspaces without subscribers, ends here.
  if cardinality(subscribed) = 0 then
    return null;
  end if;
  -- Two statements: each is planned for its own table's columns when first run.
  if tg_table_name = 'messages' then
    -- Live customer messages only: no history sync, and reactions are not a Message of the API.
    insert into public.webhook_outbox (workspace_id, type, entity_id)
    select n.workspace_id, tg_argv[0], n.id from new_rows n
    where n.workspace_id = any(subscribed) and n.direction = 'inbound' and not n.is_historical and n.type <> 'reaction';
  else
    insert into public.webhook_outbox (workspace_id, type, entity_id)
    select n.workspace_id, tg_argv[0], n.id from new_rows n where n.workspace_id = any(subscribed);
  end if;
  return null;
end
$$;

-- Updates that the WHEN clauses below let through: one row each.
create function private.capture_change() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_table_name = 'messages' then
    if private.is_subscribed(new.workspace_id, 'message.status_updated') then
      insert into public.webhook_outbox (workspace_id, type, entity_id, changes)
      values (new.workspace_id, 'message.status_updated', new.id,
              jsonb_build_object('status', new.status, 'previous_status', old.status));
    end if;
  elsif tg_table_name = 'contacts' then
    if private.is_subscribed(new.workspace_id, 'contact.updated') then
      insert into public.webhook_outbox (workspace_id, type, entity_id) values (new.workspace_id, 'contact.updated', new.id);
    end if;
    if new.lead_status is distinct from old.lead_status and private.is_subscribed(new.workspace_id, 'lead.status_changed') then
      insert into public.webhook_outbox (workspace_id, type, entity_id, changes)
      values (new.workspace_id, 'lead.status_changed', new.id,
              jsonb_build_object('status', new.lead_status, 'previous_status', old.lead_status));
    end if;
  else
    if new.assigned_to is distinct from old.assigned_to and private.is_subscribed(new.workspace_id, 'conversation.assigned') then
      insert into public.webhook_outbox (workspace_id, type, entity_id, changes)
      values (new.workspace_id, 'conversation.assigned', new.id,
              jsonb_build_object('assigned_to', new.assigned_to, 'previous_assigned_to', old.assigned_to));
    end if;
    if new.status = 'archived' and old.status <> 'archived' and private.is_subscribed(new.workspace_id, 'conversation.archived') then
      insert into public.webhook_outbox (workspace_id, type, entity_id) values (new.workspace_id, 'conversation.archived', new.id);
    end if;
  end if;
  return null;
end
$$;

create trigger messages_capture_insert after insert on public.messages
  referencing new table as new_rows
  for each statement execute function private.capture_inserts('message.received');
create trigger contacts_capture_insert after insert on public.contacts
  referencing new table as new_rows
  for each statement execute function private.capture_inserts('contact.created');
create trigger messages_capture_update after update on public.messages
  for each row when (old.status is distinct from new.status)
  execute function private.capture_change();
-- Only what the API shows: ingestion touching last_activity_at is not an update of the contact.
create trigger contacts_capture_update after update on public.contacts
  for each row when (
    (old.phone_e164, old.wa_id, old.name, old.profile_name, old.email, old.lead_status, old.lead_score, old.tags,
     old.custom_attributes, old.source)
    is distinct from
    (new.phone_e164, new.wa_id, new.name, new.profile_name, new.email, new.lead_status, new.lead_score, new.tags,
     new.custom_attributes, new.source))
  execute function private.capture_change();
create trigger conversations_capture_update after update on public.conversations
  for each row when (old.assigned_to is distinct from new.assigned_to or (new.status = 'archived' and old.status <> 'archived'))
  execute function private.capture_change();

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
grant execute on function private.is_subscribed(uuid, text) to authenticated, service_role;
