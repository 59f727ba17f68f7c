-- Opt-out: a customer who writes a stop word or taps a template's opt-out
-- button is marked opted out; broadcasts skip them, the inbox keeps working.
-- Admins can set and reverse it. Every change leaves a contact event and an
-- outbound webhook event (contact.opted_out / contact.opted_in), written by
-- a trigger so every path (ingest, admins, the API later) records them.

-- `if not exists`: the broadcasts work may add opted_out_at too.
alter table public.contacts
  add column if not exists opted_out_at timestamptz,
  -- The customer's words or the button's label (keyword, button), or an admin's note.
  add column if not exists opted_out_reason text check (length(opted_out_reason) <= 200),
  add column if not exists opted_out_source text check (opted_out_source in ('keyword', 'button', 'admin', 'api'));

-- A broadcast's audience excludes opted-out contacts: a small partial index
-- for counting and excluding them.
create index if not exists contacts_opted_out_idx on public.contacts (workspace_id) where opted_out_at is not null;

-- The words that opt a customer out when they are the whole message. Stored
-- normalised (upper case, no accents, single spaces: src/lib/opt-out.ts), so
-- ingestion compares a message with them in one statement per batch.
-- Defaults, for English, Indonesian, Spanish and Portuguese together (a
-- workspace has customers writing in more than one): docs/outreach.md.
alter table public.workspaces
  add column opt_out_keywords text[] not null
    default array['STOP', 'UNSUBSCRIBE', 'BERHENTI', 'BAJA', 'CANCELAR', 'PARAR', 'SAIR']::text[]
    check (cardinality(opt_out_keywords) <= 50);

-- ---------------------------------------------------------------------------
-- Only admins (or an API key saying it is the API) change a contact's
-- opt-out; agents edit contacts freely otherwise. Ingestion runs as the
-- service role. The WHEN clauses keep every other write free of this.
-- ---------------------------------------------------------------------------
create function private.guard_opt_out() returns trigger
language plpgsql set search_path = '' as $$
begin
  if current_user <> 'authenticated' or private.is_admin(new.workspace_id)
     or (private.api_key_id() is not null and new.opted_out_source is not distinct from 'api') then
    return new;
  end if;
  raise exception 'Only admins can change whether a contact is opted out.' using errcode = 'CV403';
end
$$;

create trigger contacts_guard_opt_out_insert before insert on public.contacts
  for each row when (new.opted_out_at is not null)
  execute function private.guard_opt_out();
create trigger contacts_guard_opt_out_update before update on public.contacts
  for each row when (
    (old.opted_out_at, old.opted_out_source, old.opted_out_reason)
    is distinct from (new.opted_out_at, new.opted_out_source, new.opted_out_reason))
  execute function private.guard_opt_out();

-- ---------------------------------------------------------------------------
-- The timeline and the outbound webhooks.
-- ---------------------------------------------------------------------------
alter table public.contact_events drop constraint contact_events_kind_check;
alter table public.contact_events add constraint contact_events_kind_check check (kind in (
  'created', 'status_changed', 'owner_changed', 'conversation_assigned', 'note', 'merged', 'opted_out', 'opted_in'));

alter table public.webhook_subscriptions drop constraint webhook_subscriptions_events_check;
alter table public.webhook_subscriptions add constraint webhook_subscriptions_events_check check (
  cardinality(events) > 0 and events <@ array[
    'message.received', 'message.status_updated', 'contact.created', 'contact.updated',
    'conversation.assigned', 'conversation.status_changed', 'conversation.archived', 'lead.status_changed',
    'contact.opted_out', 'contact.opted_in'
  ]::text[]);

create function private.record_opt_out_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  kind text := case when new.opted_out_at is null then 'opted_in' else 'opted_out' end;
  facts jsonb := case when new.opted_out_at is null
    then jsonb_build_object('previous_opted_out_at', old.opted_out_at)
    else jsonb_build_object('opted_out_at', new.opted_out_at, 'source', new.opted_out_source, 'reason', new.opted_out_reason)
  end;
begin
  -- Who opted them back in is the event's actor.
  insert into public.contact_events (workspace_id, contact_id, kind, actor_id, data)
  values (new.workspace_id, new.id, kind, auth.uid(), case when new.opted_out_at is null then '{}'::jsonb
          else jsonb_build_object('source', new.opted_out_source, 'reason', new.opted_out_reason) end);
  if private.is_subscribed(new.workspace_id, 'contact.' || kind) then
    insert into public.webhook_outbox (workspace_id, type, entity_id, changes)
    values (new.workspace_id, 'contact.' || kind, new.id, facts);
  end if;
  return null;
end
$$;

-- Opting out again while opted out (a second STOP) changes nothing: only the
-- moment it starts or ends is an event.
create trigger contacts_record_opt_out after update on public.contacts
  for each row when ((old.opted_out_at is null) <> (new.opted_out_at is null))
  execute function private.record_opt_out_change();
