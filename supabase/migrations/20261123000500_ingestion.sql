-- What webhook ingestion needs beyond the base schema: the full outcome of
-- every raw event, statuses that may arrive before their message, message
-- edits/revokes/reactions, and message templates.

-- ---------------------------------------------------------------------------
-- Raw webhook log: rejected requests are logged too, with the reason.
-- ---------------------------------------------------------------------------
alter table public.webhook_events
  alter column payload drop not null,
  add column raw_body text,
  add column errors jsonb,
  add column next_attempt_at timestamptz,
  add column summary jsonb,
  drop constraint webhook_events_outcome_check,
  add constraint webhook_events_outcome_check check (outcome in (
    'pending', 'processed', 'duplicate', 'unroutable', 'failed', 'dead', 'invalid_signature', 'malformed'
  )),
  add constraint webhook_events_body_present check (payload is not null or raw_body is not null);

drop index public.webhook_events_pending_idx;
-- The recovery sweep's work list: stored but not (successfully) processed.
create index webhook_events_retry_idx on public.webhook_events (coalesce(next_attempt_at, received_at))
  where outcome in ('pending', 'failed');
create index webhook_events_channel_idx on public.webhook_events (channel_id, received_at desc);

-- ---------------------------------------------------------------------------
-- Messages: reactions, edits, revokes; delivery ranks.
-- ---------------------------------------------------------------------------
alter table public.messages
  -- For reactions: the message reacted to.
  add column target_wamid text,
  add column edited_at timestamptz,
  add column revoked_at timestamptz,
  -- conversation / pricing data from the latest status webhook.
  add column status_details jsonb;

create index messages_target_idx on public.messages (workspace_id, target_wamid) where target_wamid is not null;

-- Every status webhook, kept: it may arrive before the message row exists
-- (our send has not stored its wamid yet, or the echo is late), and it is
-- applied when the row appears.
create table public.message_statuses (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  wamid text not null,
  status text not null check (status in ('sent', 'delivered', 'read', 'played', 'failed')),
  occurred_at timestamptz not null,
  errors jsonb,
  details jsonb,
  received_at timestamptz not null default now(),
  unique (workspace_id, wamid, status)
);

alter table public.message_statuses enable row level security;
create policy message_statuses_select on public.message_statuses for select to authenticated
  using (private.is_member(workspace_id));
grant select on public.message_statuses to authenticated;
grant all on public.message_statuses to service_role;

create function private.status_rank(s text) returns int
language sql immutable as $$
  select case s when 'pending' then 0 when 'sent' then 1 when 'delivered' then 2 when 'read' then 3
                when 'played' then 4 when 'failed' then 5 else 0 end
$$;

-- Moves a message's delivery state forward only: sent < delivered < read
-- (played counts as read, with its own time); failed is final. Timestamps
-- are the provider's and the earliest report of each step wins.
create function private.apply_status(
  ws uuid, target text, new_status text, occurred timestamptz, status_errors jsonb, status_details jsonb
) returns void
language sql security definer set search_path = '' as $$
  update public.messages m set
    status = case
      when m.status = 'failed' or new_status = 'failed' then 'failed'
      when private.status_rank(case new_status when 'played' then 'read' else new_status end) > private.status_rank(m.status)
        then case new_status when 'played' then 'read' else new_status end
      else m.status
    end,
    delivered_at = case when new_status = 'delivered' then least(coalesce(m.delivered_at, occurred), occurred) else m.delivered_at end,
    read_at = case when new_status = 'read' then least(coalesce(m.read_at, occurred), occurred) else m.read_at end,
    played_at = case when new_status = 'played' then least(coalesce(m.played_at, occurred), occurred) else m.played_at end,
    failed_at = case when new_status = 'failed' then coalesce(m.failed_at, occurred) else m.failed_at end,
    error = case when new_status = 'failed' then coalesce(status_errors -> 0, m.error, '{}'::jsonb) else m.error end,
    status_details = coalesce(nullif(status_details, '{}'::jsonb), m.status_details)
  where m.workspace_id = ws and m.wamid = target and m.direction = 'outbound'
$$;

-- A message row that appears (or gets its wamid) after its statuses picks them up.
create function private.apply_early_statuses() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  s record;
begin
  if new.direction <> 'outbound' or new.wamid is null then
    return null;
  end if;
  if tg_op = 'UPDATE' and old.wamid is not distinct from new.wamid then
    return null;
  end if;
  for s in
    select status, occurred_at, errors, details from public.message_statuses
    where workspace_id = new.workspace_id and wamid = new.wamid
    order by occurred_at, private.status_rank(status)
  loop
    perform private.apply_status(new.workspace_id, new.wamid, s.status, s.occurred_at, s.errors, s.details);
  end loop;
  return null;
end
$$;

create trigger messages_apply_early_statuses
  after insert or update of wamid on public.messages
  for each row execute function private.apply_early_statuses();

-- ---------------------------------------------------------------------------
-- Message templates (their review state arrives by webhook).
-- ---------------------------------------------------------------------------
create table public.whatsapp_templates (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  waba_id text,
  provider_template_id text not null,
  name text,
  language text,
  category text,
  status text not null default 'PENDING',
  rejection_reason text,
  components jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, provider_template_id)
);
create trigger whatsapp_templates_touch before update on public.whatsapp_templates
  for each row execute function private.touch_updated_at();

alter table public.whatsapp_templates enable row level security;
create policy templates_select on public.whatsapp_templates for select to authenticated
  using (private.is_member(workspace_id));
create policy templates_write on public.whatsapp_templates for all to authenticated
  using (private.is_admin(workspace_id)) with check (private.is_admin(workspace_id));
grant select, insert, update, delete on public.whatsapp_templates to authenticated;
grant all on public.whatsapp_templates to service_role;

create index whatsapp_channels_waba_idx on public.whatsapp_channels (waba_id) where waba_id is not null;

-- A customer WhatsApp identifies only by a wa_id that is no phone number we
-- can read (test numbers, new numbering plans) is still one contact.
create unique index contacts_wa_id_only_key on public.contacts (workspace_id, wa_id)
  where phone_e164 is null and business_user_id is null;
