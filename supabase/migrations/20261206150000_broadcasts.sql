-- Broadcasts: one approved template sent to an audience (a saved contact
-- filter, a CSV of numbers, or both). Each recipient is a row whose state
-- follows its message (triggers below); the audience is expanded and the
-- messages queued by the broadcasts.run job (src/server/broadcasts/run.ts).

-- Opt-out is another change's (migration 20261206160000 adds the same
-- column); `if not exists` lets both apply in either order.
alter table public.contacts add column if not exists opted_out_at timestamptz;

-- Admins always manage broadcasts; agents only where an admin allows it.
alter table public.workspaces add column agents_send_broadcasts boolean not null default false;

create table public.broadcasts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 120),
  channel_id uuid not null,
  template_id uuid references public.whatsapp_templates (id) on delete set null,
  -- The template as it was approved when the broadcast was made: a later
  -- sync or edit does not change what a running broadcast sends.
  template_name text not null,
  template_language text not null,
  template_components jsonb not null default '[]'::jsonb,
  -- Per placeholder ("body.1", "header.1"): {"source": "contact", "field": "name", "fallback": "…"},
  -- {"source": "custom", "key": "…", "fallback": "…"} or {"source": "literal", "value": "…"}.
  parameters jsonb not null default '{}'::jsonb check (jsonb_typeof(parameters) = 'object'),
  -- The contact filter (tags, stages, owner, custom fields, activity and creation dates); null: no filter part.
  audience_filter jsonb check (audience_filter is null or jsonb_typeof(audience_filter) = 'object'),
  -- Numbers from an uploaded CSV: canonical and unique, and the entries that were not numbers.
  csv_phones text[] not null default '{}',
  csv_invalid text[] not null default '{}',
  csv_duplicates integer not null default 0,
  state text not null default 'draft'
    check (state in ('draft', 'scheduled', 'sending', 'paused', 'completed', 'cancelled')),
  scheduled_at timestamptz,
  -- Expansion progress, committed with each batch: the last contact id taken
  -- from the filter and whether it is through, how many CSV numbers were
  -- taken, and when it finished.
  expanded_contact_id uuid,
  expanded_filter boolean not null default false,
  expanded_csv integer not null default 0,
  expanded_at timestamptz,
  -- CSV numbers already in the audience through the filter (or an earlier row).
  duplicate_count integer not null default 0,
  created_by uuid references auth.users (id) on delete set null,
  created_by_api_key uuid,
  started_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  foreign key (workspace_id, channel_id) references public.whatsapp_channels (workspace_id, id) on delete cascade,
  check (state <> 'scheduled' or scheduled_at is not null)
);
create index broadcasts_list_idx on public.broadcasts (workspace_id, created_at desc, id desc);
-- The minute's tick finds the due ones.
create index broadcasts_due_idx on public.broadcasts (scheduled_at) where state = 'scheduled';
create trigger broadcasts_touch before update on public.broadcasts
  for each row execute function private.touch_updated_at();

create table public.broadcast_recipients (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  broadcast_id uuid not null,
  contact_id uuid,
  -- E.164; what the CSV said for an entry that is not a number; null for a contact without one.
  phone text,
  -- The template's parameters as resolved for this recipient ({"body.1": "Siti"}).
  parameters jsonb not null default '{}'::jsonb,
  state text not null default 'queued'
    check (state in ('queued', 'sent', 'delivered', 'read', 'replied', 'failed', 'skipped')),
  skip_reason text check (skip_reason in ('opted_out', 'no_phone', 'invalid_number', 'limit', 'cancelled')),
  -- WhatsApp's error code and title when the message failed.
  failure_code text,
  failure_reason text,
  message_id uuid,
  conversation_id uuid,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  delivered_at timestamptz,
  read_at timestamptz,
  replied_at timestamptz,
  failed_at timestamptz,
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  -- Expansion can run twice (a crash between batches): each number and each contact is one recipient.
  unique (workspace_id, broadcast_id, phone),
  unique (workspace_id, broadcast_id, contact_id),
  foreign key (workspace_id, broadcast_id) references public.broadcasts (workspace_id, id) on delete cascade,
  foreign key (workspace_id, contact_id) references public.contacts (workspace_id, id) on delete set null (contact_id),
  foreign key (workspace_id, message_id) references public.messages (workspace_id, id) on delete set null (message_id),
  foreign key (workspace_id, conversation_id) references public.conversations (workspace_id, id) on delete set null (conversation_id)
);
create index broadcast_recipients_state_idx on public.broadcast_recipients (workspace_id, broadcast_id, state);
-- The next batch to queue: recipients still without their message.
create index broadcast_recipients_pending_idx on public.broadcast_recipients (broadcast_id, id)
  where state = 'queued' and message_id is null;
create index broadcast_recipients_conversation_idx on public.broadcast_recipients (broadcast_id, conversation_id);
create trigger broadcast_recipients_touch before update on public.broadcast_recipients
  for each row execute function private.touch_updated_at();

-- The broadcast that last wrote into a conversation: the inbox shows it, and a reply marks its recipient.
alter table public.conversations add column broadcast_id uuid,
  add constraint conversations_broadcast_fk foreign key (workspace_id, broadcast_id)
    references public.broadcasts (workspace_id, id) on delete set null (broadcast_id);

-- ---------------------------------------------------------------------------
-- Recipient state follows its message. Broadcast messages carry the key
-- 'broadcast:<recipient id>', so the WHEN clause lets only them through
-- (no function call for any other message) and the recipient is found by
-- its primary key.
-- ---------------------------------------------------------------------------
create function private.apply_message_to_recipient() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  code text := new.error ->> 'code';
  -- Pair-rate and per-user marketing limits: WhatsApp refused this recipient for now, not the broadcast.
  limited boolean := new.status = 'failed' and code in ('131049', '131050');
begin
  update public.broadcast_recipients r set
    state = case
      when r.state = 'replied' then 'replied'
      when limited then 'skipped'
      when new.status = 'pending' then 'queued'
      else new.status
    end,
    skip_reason = case when limited then 'limit' when new.status = 'pending' then null else r.skip_reason end,
    failure_code = case when new.status = 'failed' then code when new.status = 'pending' then null else r.failure_code end,
    failure_reason = case
      when new.status = 'failed' then coalesce(new.error ->> 'title', new.error ->> 'message', 'Failed')
      when new.status = 'pending' then null
      else r.failure_reason end,
    sent_at = case when new.status in ('sent', 'delivered', 'read') then coalesce(r.sent_at, now()) else r.sent_at end,
    delivered_at = coalesce(r.delivered_at, new.delivered_at),
    read_at = coalesce(r.read_at, new.read_at),
    failed_at = case when new.status = 'failed' then coalesce(new.failed_at, now()) else null end
  where r.workspace_id = new.workspace_id and r.id = substr(new.idempotency_key, 11)::uuid and r.message_id = new.id;
  return null;
end
$$;

create trigger messages_broadcast_recipient after update of status on public.messages
  for each row when (old.status is distinct from new.status and new.idempotency_key like 'broadcast:%')
  execute function private.apply_message_to_recipient();

-- A customer writing into a conversation a broadcast reached (the stats
-- trigger moves last_customer_message_at for every inbound message) marks
-- that broadcast's recipient as replied.
create function private.mark_broadcast_reply() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.broadcast_recipients r set state = 'replied', replied_at = new.last_customer_message_at
  where r.workspace_id = new.workspace_id and r.broadcast_id = new.broadcast_id and r.conversation_id = new.id
    and r.state in ('sent', 'delivered', 'read') and r.sent_at <= new.last_customer_message_at;
  return null;
end
$$;

create trigger conversations_broadcast_reply after update of last_customer_message_at on public.conversations
  for each row when (new.broadcast_id is not null and new.last_customer_message_at is distinct from old.last_customer_message_at)
  execute function private.mark_broadcast_reply();

-- Outbound webhook events: broadcast.started and broadcast.completed, in
-- the transaction that changed the state (the outbox's shape, see …510000).
create function private.capture_broadcast_state() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  event_type text := case when new.state = 'completed' then 'broadcast.completed' else 'broadcast.started' end;
begin
  if private.is_subscribed(new.workspace_id, event_type) then
    insert into public.webhook_outbox (workspace_id, type, entity_id, changes)
    values (new.workspace_id, event_type, new.id, jsonb_build_object('state', new.state));
  end if;
  return null;
end
$$;

create trigger broadcasts_capture_state after update of state on public.broadcasts
  for each row when (
    (new.state = 'completed' and old.state <> 'completed')
    or (new.state = 'sending' and old.state in ('draft', 'scheduled')))
  execute function private.capture_broadcast_state();
-- Sent at once: created in 'sending'.
create trigger broadcasts_capture_insert after insert on public.broadcasts
  for each row when (new.state = 'sending')
  execute function private.capture_broadcast_state();

-- ---------------------------------------------------------------------------
-- Row level security. Members read; writing broadcasts is for admins, for
-- agents where the workspace allows it, and for API keys (whose scope the
-- API checks). Recipients are written by the job (service role) only.
-- ---------------------------------------------------------------------------
create function private.broadcast_workspaces() returns setof uuid
language plpgsql stable security definer set search_path = '' rows 3 as $$
declare
  key_id uuid := private.api_key_id();
begin
  if key_id is null then
    return query select m.workspace_id from public.workspace_members m
      join public.workspaces w on w.id = m.workspace_id
      where m.user_id = auth.uid() and (m.role in ('owner', 'admin') or w.agents_send_broadcasts);
  else
    return query select k.workspace_id from public.api_keys k where k.id = key_id and k.revoked_at is null;
  end if;
end
$$;
grant execute on function private.broadcast_workspaces() to authenticated, service_role;

alter table public.broadcasts enable row level security;
alter table public.broadcast_recipients enable row level security;

create policy broadcasts_select on public.broadcasts for select to authenticated
  using (workspace_id in (select private.member_workspaces()));
create policy broadcasts_insert on public.broadcasts for insert to authenticated
  with check (workspace_id in (select private.broadcast_workspaces()));
create policy broadcasts_update on public.broadcasts for update to authenticated
  using (workspace_id in (select private.broadcast_workspaces()))
  with check (workspace_id in (select private.broadcast_workspaces()));
create policy broadcasts_delete on public.broadcasts for delete to authenticated
  using (workspace_id in (select private.admin_workspaces()) and state = 'draft');
create policy broadcast_recipients_select on public.broadcast_recipients for select to authenticated
  using (workspace_id in (select private.member_workspaces()));

grant select, insert, update, delete on public.broadcasts to authenticated;
grant select on public.broadcast_recipients to authenticated;
grant all on public.broadcasts, public.broadcast_recipients to service_role;
