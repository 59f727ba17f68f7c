-- Activity in the thread (issue 20): who assigned, unassigned, changed the
-- status of, snoozed, labelled or moved a conversation to a team, and when.
-- Shown as small centred lines between messages and in the contact
-- timeline; never sent to the customer (it is not a message).
--
-- Written by triggers on conversations, so every path (inbox, API, bulk,
-- automation, the wake-up job, a customer's message) records it. The actor
-- comes from the request's claims: a member (auth.uid()), nobody for the
-- service role (the system), and for an API key nobody with the key's id in
-- data.api_key_id (as contact_events do).
--
-- `data` by kind:
--   assigned        { to: uuid, from?: uuid }              (from: reassigned away from)
--   unassigned      { from: uuid }
--   status_changed  { from, to, via? }  statuses; via: 'customer_message' (the customer's
--                   message reopened it) or 'snooze_ended' (the wake-up job); absent: a person or the API
--   snoozed         { from, until }     from: the status before (snoozed again: a new time)
--   label_added     { label_id: uuid, name: text, color: text }  written by the labels feature
--   label_removed   { label_id: uuid, name: text, color: text }
--   team_changed    { from: uuid | null, to: uuid | null }  team ids (conversations.team_id)
-- plus api_key_id when an API key made the change.

create table public.conversation_activity (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  conversation_id uuid not null,
  -- Null: the system (wake-up job, a customer's message, automation) or an API key.
  actor_id uuid references auth.users (id) on delete set null,
  kind text not null check (kind in (
    'assigned', 'unassigned', 'status_changed', 'snoozed', 'label_added', 'label_removed', 'team_changed')),
  data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  unique (workspace_id, id),
  foreign key (workspace_id, conversation_id) references public.conversations (workspace_id, id) on delete cascade
);
-- The thread reads one conversation's activity by time; the contact
-- timeline reads each of the contact's conversations the same way.
create index conversation_activity_thread_idx on public.conversation_activity (conversation_id, created_at desc, id desc);

-- Whoever a row says acted, it is the request's claims that decide.
create function private.stamp_activity_actor() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if private.api_key_id() is not null then
    new.actor_id := null;
    new.data := new.data || jsonb_build_object('api_key_id', private.api_key_id());
  else
    new.actor_id := auth.uid();
  end if;
  return new;
end
$$;

create trigger conversation_activity_actor before insert on public.conversation_activity
  for each row execute function private.stamp_activity_actor();

alter table public.conversation_activity enable row level security;
create policy conversation_activity_select on public.conversation_activity for select to authenticated
  using (workspace_id in (select private.member_workspaces()));
-- Members (and API keys) write label lines from the labels feature; every
-- other kind comes from the triggers below.
create policy conversation_activity_insert on public.conversation_activity for insert to authenticated
  with check (workspace_id in (select private.member_workspaces()) and kind in ('label_added', 'label_removed'));
-- Who sees what (20261206110050): an agent restricted to their own, their teams' and unassigned conversations sees only their lines.
create policy conversation_activity_visible on public.conversation_activity as restrictive for select to authenticated
  using (workspace_id in (select private.all_conversations_workspaces())
         or conversation_id in (select private.restricted_visible_conversations()));
grant select, insert on public.conversation_activity to authenticated;
grant all on public.conversation_activity to service_role;

create function private.record_conversation_activity() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  via text;
begin
  if new.assigned_to is distinct from old.assigned_to then
    insert into public.conversation_activity (workspace_id, conversation_id, kind, data)
    values (new.workspace_id, new.id, case when new.assigned_to is null then 'unassigned' else 'assigned' end,
            jsonb_strip_nulls(jsonb_build_object('from', old.assigned_to, 'to', new.assigned_to)));
  end if;
  if new.status = 'snoozed' and new.snoozed_until is distinct from old.snoozed_until then
    insert into public.conversation_activity (workspace_id, conversation_id, kind, data)
    values (new.workspace_id, new.id, 'snoozed', jsonb_build_object('from', old.status, 'until', new.snoozed_until));
  elsif new.status is distinct from old.status then
    via := case
      -- The stats trigger reopens a conversation in the update that counts a customer's new message as unread.
      when new.unread_count > old.unread_count then 'customer_message'
      -- Only the wake-up job opens a snoozed conversation without claims (a member or a key has them).
      when old.status = 'snoozed' and new.status = 'open' and auth.uid() is null then 'snooze_ended'
    end;
    insert into public.conversation_activity (workspace_id, conversation_id, kind, data)
    values (new.workspace_id, new.id, 'status_changed',
            jsonb_strip_nulls(jsonb_build_object('from', old.status, 'to', new.status, 'via', via)));
  end if;
  if new.team_id is distinct from old.team_id then
    insert into public.conversation_activity (workspace_id, conversation_id, kind, data)
    values (new.workspace_id, new.id, 'team_changed', jsonb_build_object('from', old.team_id, 'to', new.team_id));
  end if;
  return null;
end
$$;

-- The WHEN clause keeps the stats trigger's update per message free of this trigger.
create trigger conversations_record_activity after update on public.conversations
  for each row when (old.assigned_to is distinct from new.assigned_to or old.team_id is distinct from new.team_id
    or old.status is distinct from new.status or old.snoozed_until is distinct from new.snoozed_until)
  execute function private.record_conversation_activity();

create trigger conversation_activity_announce after insert on public.conversation_activity
  for each row execute function private.announce_change();
