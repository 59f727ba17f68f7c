-- Conversation statuses for triage (issue 20): open, pending (waiting on
-- the customer), snoozed until a time, resolved. Today's `active` becomes
-- `open` and `archived` becomes `resolved`; every function, trigger, index
-- and check that named the old values is redefined here.

-- Partial indexes on the old value: dropped before the rename, rebuilt after.
drop index public.conversations_unassigned_idx;
drop index public.conversations_needs_human_idx;

alter table public.conversations
  drop constraint conversations_status_check,
  -- When a snoozed conversation wakes up.
  add column snoozed_until timestamptz,
  -- Start of the current cycle (created, or reopened after being resolved)
  -- and its end: the dashboard's resolution time is the difference.
  add column opened_at timestamptz,
  add column resolved_at timestamptz;

-- The rename is data, not a change anyone made: no touch of updated_at, no
-- live event or outbound webhook per row.
alter table public.conversations disable trigger user;
update public.conversations set
  status = case status when 'archived' then 'resolved' else 'open' end,
  opened_at = created_at,
  -- The best guess of when an archived conversation was archived.
  resolved_at = case when status = 'archived' then updated_at end;
alter table public.conversations enable trigger user;

alter table public.conversations
  alter column status set default 'open',
  alter column opened_at set default now(),
  alter column opened_at set not null,
  add constraint conversations_status_check check (status in ('open', 'pending', 'snoozed', 'resolved')),
  add constraint conversations_snoozed_until_check check ((status = 'snoozed') = (snoozed_until is not null)),
  add constraint conversations_resolved_at_check check ((status = 'resolved') = (resolved_at is not null));

create index conversations_unassigned_idx on public.conversations
  (workspace_id, last_message_at desc nulls last, id desc) where status = 'open' and assigned_to is null;
create index conversations_needs_human_idx on public.conversations
  (workspace_id, last_message_at desc nulls last, id desc) where status = 'open' and needs_human;
-- The wake-up job's scan: snoozes due by now, across workspaces.
create index conversations_snoozed_until_idx on public.conversations (snoozed_until) where status = 'snoozed';
-- The dashboard's resolution time: conversations resolved in a period.
create index conversations_resolved_at_idx on public.conversations (workspace_id, resolved_at)
  include (opened_at) where status = 'resolved';

-- Whatever path changes the status (inbox, API, bulk, the customer's
-- message, the wake-up job), the stamps follow: leaving `snoozed` clears the
-- wake time, resolving stamps resolved_at, leaving `resolved` starts a new
-- cycle.
create function private.stamp_conversation_status() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.status <> 'snoozed' then
    new.snoozed_until := null;
  end if;
  if new.status = 'resolved' and (tg_op = 'INSERT' or old.status <> 'resolved') then
    new.resolved_at := coalesce(new.resolved_at, now());
  elsif tg_op = 'UPDATE' and new.status <> 'resolved' and old.status = 'resolved' then
    new.resolved_at := null;
    new.opened_at := now();
  end if;
  return new;
end
$$;

create trigger conversations_status_stamps before update of status on public.conversations
  for each row when (old.status is distinct from new.status)
  execute function private.stamp_conversation_status();
create trigger conversations_status_stamps_insert before insert on public.conversations
  for each row execute function private.stamp_conversation_status();

-- As in 20261125400100_conversation_first_response.sql, with the new statuses.
create or replace function private.apply_message_to_conversation() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  is_new_inbound boolean := tg_op = 'INSERT' and new.direction = 'inbound' and not new.is_historical
    and new.type not in ('note', 'reaction');
  is_reply boolean := private.is_reply(new.direction, new.type, new.sender_type);
begin
  if tg_op = 'UPDATE' and new.body is not distinct from old.body and new.type = old.type
     and new.sent_at = old.sent_at and new.conversation_id = old.conversation_id then
    return null;
  end if;
  if not private.counts_as_last_message(new.type) then
    return null;
  end if;

  update public.conversations c set
    last_message_at = case when c.last_message_at is null or new.sent_at >= c.last_message_at
      then new.sent_at else c.last_message_at end,
    last_message_preview = case when c.last_message_at is null or new.sent_at >= c.last_message_at
      then private.message_preview(new.type, new.body) else c.last_message_preview end,
    last_message_direction = case when c.last_message_at is null or new.sent_at >= c.last_message_at
      then new.direction else c.last_message_direction end,
    last_message_type = case when c.last_message_at is null or new.sent_at >= c.last_message_at
      then new.type else c.last_message_type end,
    last_customer_message_at = case when new.direction = 'inbound'
      then greatest(c.last_customer_message_at, new.sent_at) else c.last_customer_message_at end,
    first_customer_message_at = case when new.direction = 'inbound'
      then least(c.first_customer_message_at, new.sent_at) else c.first_customer_message_at end,
    first_reply_at = case
      when new.direction = 'inbound' and new.sent_at < coalesce(c.first_customer_message_at, 'infinity') then (
        select min(m.sent_at) from public.messages m
        where m.conversation_id = new.conversation_id and m.sent_at >= new.sent_at
          and private.is_reply(m.direction, m.type, m.sender_type))
      when is_reply and new.sent_at >= c.first_customer_message_at then least(c.first_reply_at, new.sent_at)
      else c.first_reply_at end,
    unread_count = c.unread_count + case when is_new_inbound then 1 else 0 end,
    is_read = case when is_new_inbound then false else c.is_read end,
    -- A customer writing again brings a pending, snoozed or resolved
    -- conversation back (conversations_status_stamps clears the snooze).
    status = case when is_new_inbound then 'open' else c.status end
  where c.workspace_id = new.workspace_id and c.id = new.conversation_id;
  return null;
end
$$;

-- The livelier of two statuses, for folding two conversations into one.
create function private.livelier_status(a text, b text) returns text
language sql immutable set search_path = '' as $$
  select s from unnest(array['open', 'pending', 'snoozed', 'resolved']) with ordinality as o(s, n)
  where s in (a, b) order by n limit 1
$$;
grant execute on function private.livelier_status(text, text) to authenticated, service_role;

-- As in 20261124100000_crm_contacts.sql, with the new statuses.
create or replace function public.merge_contacts(ws uuid, target_id uuid, source_id uuid) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  target public.contacts;
  source public.contacts;
  moved record;
  kept public.conversations;
begin
  if not private.is_admin(ws) then
    raise exception 'Only admins can merge contacts.' using errcode = 'CV403';
  end if;
  if target_id = source_id then
    raise exception 'Choose two different contacts to merge.' using errcode = 'CV409';
  end if;
  -- Both rows locked in one order, so two merges of the same pair cannot deadlock.
  perform 1 from public.contacts where workspace_id = ws and id in (target_id, source_id) order by id for update;
  select * into target from public.contacts where workspace_id = ws and id = target_id;
  select * into source from public.contacts where workspace_id = ws and id = source_id;
  if target.id is null or source.id is null then
    raise exception 'This contact does not exist or is not in this workspace.' using errcode = 'CV404';
  end if;

  for moved in
    select * from public.conversations where workspace_id = ws and contact_id = source_id for update
  loop
    select * into kept from public.conversations
    where workspace_id = ws and contact_id = target_id and channel_id = moved.channel_id for update;
    if kept.id is null then
      update public.conversations set contact_id = target_id where workspace_id = ws and id = moved.id;
      continue;
    end if;
    update public.messages set conversation_id = kept.id where workspace_id = ws and conversation_id = moved.id;
    update public.conversations c set
      unread_count = kept.unread_count + moved.unread_count,
      is_read = kept.is_read and moved.is_read,
      -- The livelier status wins (open, then pending, snoozed, resolved); a
      -- snooze keeps the earlier wake time.
      status = private.livelier_status(kept.status, moved.status),
      snoozed_until = case when private.livelier_status(kept.status, moved.status) = 'snoozed'
        then least(kept.snoozed_until, moved.snoozed_until) end,
      opened_at = least(kept.opened_at, moved.opened_at),
      assigned_to = coalesce(kept.assigned_to, moved.assigned_to),
      provider_conversation_id = coalesce(kept.provider_conversation_id, moved.provider_conversation_id),
      last_customer_message_at = greatest(kept.last_customer_message_at, moved.last_customer_message_at),
      last_message_at = greatest(kept.last_message_at, moved.last_message_at),
      last_message_preview = case when moved.last_message_at > coalesce(kept.last_message_at, '-infinity')
        then moved.last_message_preview else kept.last_message_preview end,
      last_message_direction = case when moved.last_message_at > coalesce(kept.last_message_at, '-infinity')
        then moved.last_message_direction else kept.last_message_direction end,
      last_message_type = case when moved.last_message_at > coalesce(kept.last_message_at, '-infinity')
        then moved.last_message_type else kept.last_message_type end,
      created_at = least(kept.created_at, moved.created_at)
    where c.workspace_id = ws and c.id = kept.id;
    delete from public.conversations where workspace_id = ws and id = moved.id;
  end loop;

  update public.contact_events set contact_id = target_id where workspace_id = ws and contact_id = source_id;
  -- The source goes first: its phone and WhatsApp ids are unique per workspace.
  delete from public.contacts where workspace_id = ws and id = source_id;
  update public.contacts k set
    phone_e164 = coalesce(target.phone_e164, source.phone_e164),
    wa_id = coalesce(target.wa_id, source.wa_id),
    business_user_id = coalesce(target.business_user_id, source.business_user_id),
    username = coalesce(target.username, source.username),
    name = coalesce(target.name, source.name),
    profile_name = coalesce(target.profile_name, source.profile_name),
    email = coalesce(target.email, source.email),
    lead_score = greatest(target.lead_score, source.lead_score),
    tags = array(select distinct t from unnest(target.tags || source.tags) t order by t),
    custom_attributes = source.custom_attributes || target.custom_attributes,
    owner_id = coalesce(target.owner_id, source.owner_id),
    notes = nullif(concat_ws(E'\n\n', target.notes, source.notes), ''),
    provider_conversation_id = coalesce(target.provider_conversation_id, source.provider_conversation_id),
    first_seen_at = least(target.first_seen_at, source.first_seen_at),
    last_activity_at = greatest(target.last_activity_at, source.last_activity_at),
    created_at = least(target.created_at, source.created_at)
  where k.workspace_id = ws and k.id = target_id;
  insert into public.contact_events (workspace_id, contact_id, kind, actor_id, data)
  values (ws, target_id, 'merged', auth.uid(), jsonb_build_object(
    'contact_id', source.id, 'name', coalesce(source.name, source.profile_name, source.username),
    'phone', source.phone_e164, 'status', source.lead_status));
  return target_id;
end
$$;

-- Every status, zero counts included, in triage order.
create or replace function public.dashboard_snapshot(ws uuid)
returns table (kind text, key text, label text, "position" int, count int)
language plpgsql stable security definer set search_path = '' as $$
begin
  if not private.is_member(ws) then
    return;
  end if;
  return query
    select 'conversation_status'::text, s.status, s.status, s.n::int, coalesce(n.count, 0)
    from unnest(array['open', 'pending', 'snoozed', 'resolved']) with ordinality as s(status, n)
    left join (
      select c.status, count(*)::int as count from public.conversations c where c.workspace_id = ws group by c.status
    ) n on n.status = s.status
    union all
    select 'lead_stage'::text, s.key, s.label, s.position, coalesce(n.count, 0)
    from public.lead_stages s
    left join (
      select k.lead_status, count(*)::int as count from public.contacts k where k.workspace_id = ws group by k.lead_status
    ) n on n.lead_status = s.key
    where s.workspace_id = ws;
end
$$;

-- Outbound webhooks: conversation.status_changed (from, to, snoozed_until);
-- conversation.archived stays for one version, sent when a conversation is resolved.
alter table public.webhook_subscriptions
  drop constraint webhook_subscriptions_events_check,
  add constraint webhook_subscriptions_events_check check (cardinality(events) > 0 and events <@ array[
    'message.received', 'message.status_updated', 'contact.created', 'contact.updated',
    'conversation.assigned', 'conversation.status_changed', 'conversation.archived', 'lead.status_changed'
  ]::text[]);

create or replace function private.capture_change() returns trigger
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
    if (new.status, new.snoozed_until) is distinct from (old.status, old.snoozed_until)
       and private.is_subscribed(new.workspace_id, 'conversation.status_changed') then
      insert into public.webhook_outbox (workspace_id, type, entity_id, changes)
      values (new.workspace_id, 'conversation.status_changed', new.id,
              jsonb_build_object('from', old.status, 'to', new.status, 'snoozed_until', new.snoozed_until));
    end if;
    -- Deprecated (kept for one version): resolving is what archiving was.
    if new.status = 'resolved' and old.status <> 'resolved' and private.is_subscribed(new.workspace_id, 'conversation.archived') then
      insert into public.webhook_outbox (workspace_id, type, entity_id) values (new.workspace_id, 'conversation.archived', new.id);
    end if;
  end if;
  return null;
end
$$;

drop trigger conversations_capture_update on public.conversations;
create trigger conversations_capture_update after update on public.conversations
  for each row when (old.assigned_to is distinct from new.assigned_to
    or (old.status, old.snoozed_until) is distinct from (new.status, new.snoozed_until))
  execute function private.capture_change();
