-- The list item without a statement per row (issue 22: the list's SQL was
-- 5.5–7.1 ms at 1M conversations, over the 5 ms target).
--
-- Each row of a page ran public.conversation_list_item(c), a SQL function
-- with a SET clause, which PostgreSQL never inlines: a statement of its
-- own per row (contact, labels, and the last outbound message's status, a
-- top-1 of the thread's index), each starting an executor and, under a
-- member's RLS, calling the policies' membership functions (PL/pgSQL,
-- SECURITY DEFINER) again: 98–126 statements for a page of 30
-- (bench/inbox-list-plan.ts). For an agent restricted to their own, their
-- teams' and unassigned conversations, the messages policy listed every
-- conversation the agent may see, once per row: 1.7–3.1 s a page at
-- 100,000, 17–18 s at 1M.
--
-- Now:
--
-- 1. The last message's status lives on the conversation, beside its
--    preview, kept by the triggers that keep the preview: the message that
--    becomes the last (private.apply_message_to_conversation) sets
--    last_message_id and last_message_status; a status change of that
--    message (delivery webhooks, sends) copies its status; a status change
--    of any other message (an older one, a note) leaves the row alone; a
--    deleted last message (a provider's echo of our own send) hands the
--    place to the newest remaining one. The status is the one of the
--    message the preview shows (the same "last": notes and reactions do
--    not count). It also makes a tick's change a change of the
--    conversation, so Supabase's broadcast carries it like any row change.
-- 2. The item is a set-returning SQL function that PostgreSQL inlines into
--    the caller's statement (below): 7 statements for a page, RLS's
--    membership sets computed once. What it contains and who may read it
--    are unchanged; the list, the thread's header, the live hub and the
--    broadcast still read this one function.

alter table public.conversations
  add column last_message_id uuid,
  add column last_message_status text;

comment on column public.conversations.last_message_id is
  'The message the preview shows (last_message_*): kept by private.apply_message_to_conversation.';
comment on column public.conversations.last_message_status is
  'That message''s status (the list row''s ticks when we wrote last): kept by the message triggers.';

-- Existing conversations: their last message as the list item chose it
-- (newest by sent_at, then created_at, then id; notes and reactions left
-- out). Only these columns change: the announce and stats triggers have
-- nothing to say about it.
alter table public.conversations disable trigger user;
update public.conversations c set (last_message_id, last_message_status) = (
  select m.id, m.status from public.messages m
  where m.conversation_id = c.id and m.workspace_id = c.workspace_id and m.type not in ('note', 'reaction')
  order by m.sent_at desc, m.created_at desc, m.id desc limit 1)
where c.last_message_at is not null;
alter table public.conversations enable trigger user;

-- As in 20261206110000_conversation_statuses.sql, with the last message's
-- id and status set with its preview.
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
    last_message_id = case when c.last_message_at is null or new.sent_at >= c.last_message_at
      then new.id else c.last_message_id end,
    last_message_status = case when c.last_message_at is null or new.sent_at >= c.last_message_at
      then new.status else c.last_message_status end,
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

-- A status change reaches the row only for the message the row shows: the
-- id check is made on the conversation's current version, so a status
-- arriving late for a message that is no longer the last changes nothing.
create function private.apply_message_status_to_conversation() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.conversations c set last_message_status = new.status
  where c.workspace_id = new.workspace_id and c.id = new.conversation_id and c.last_message_id = new.id
    and c.last_message_status is distinct from new.status;
  return null;
end
$$;

create trigger messages_conversation_last_status after update of status on public.messages
  for each row when (new.status is distinct from old.status)
  execute function private.apply_message_status_to_conversation();

-- The last message deleted: the newest remaining one's id and status (its
-- preview and time stay, as they did before: a deleted message is the
-- provider's echo of a send that is still there).
create function private.replace_deleted_last_message() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.conversations c set last_message_id = m.id, last_message_status = m.status
  from (select null) one
  left join lateral (
    select m.id, m.status from public.messages m
    where m.conversation_id = old.conversation_id and m.workspace_id = old.workspace_id and m.type not in ('note', 'reaction')
    order by m.sent_at desc, m.created_at desc, m.id desc limit 1) m on true
  where c.workspace_id = old.workspace_id and c.id = old.conversation_id and c.last_message_id = old.id;
  return null;
end
$$;

create trigger messages_conversation_last_deleted after delete on public.messages
  for each row when (old.type not in ('note', 'reaction')) execute function private.replace_deleted_last_message();

-- The item as a set-returning SQL function that PostgreSQL inlines: no
-- SET clause (an inlined body must run with the caller's settings; every
-- name in it is schema-qualified, and pg_catalog comes first), not STRICT,
-- not SECURITY DEFINER. Called as `cross join lateral
-- public.conversation_list_item(c) as i(item)`, its contact and labels
-- become part of the caller's statement: RLS's membership sets are
-- computed once per statement, not once per row, and no executor is
-- started per row. One row per conversation (its contact always exists).
drop function public.conversation_list_item(public.conversations);
create function public.conversation_list_item(c public.conversations) returns setof jsonb
language sql stable as $$
  select jsonb_build_object(
    'id', c.id,
    'contact_name', coalesce(k.name, k.profile_name, k.username),
    'status', c.status,
    'unread_count', c.unread_count,
    'is_read', c.is_read,
    'last_message_at', to_char(c.last_message_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'last_message_seq', c.last_message_seq::text,
    'last_message_preview', c.last_message_preview,
    'last_message_direction', c.last_message_direction,
    'last_message_type', c.last_message_type,
    'last_message_status', case when c.last_message_direction = 'outbound' then c.last_message_status end,
    'channel_id', c.channel_id,
    'assigned_to', c.assigned_to,
    'team_id', c.team_id,
    'needs_human', c.needs_human,
    'needs_human_reason', c.needs_human_reason,
    'ai_paused', c.ai_paused,
    'snoozed_until', to_char(c.snoozed_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'labels', (select coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name, 'color', l.color) order by lower(l.name), l.id), '[]')
               from public.conversation_labels cl join public.labels l on l.workspace_id = cl.workspace_id and l.id = cl.label_id
               where cl.workspace_id = c.workspace_id and cl.conversation_id = c.id))
  || case when nullif(coalesce(k.name, k.profile_name, k.username), '') is null
       then jsonb_build_object('phone_e164', k.phone_e164) else '{}' end
  || case when c.last_customer_message_at > now() - interval '24 hours'
       then jsonb_build_object('last_customer_message_at',
              to_char(c.last_customer_message_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
       else '{}' end
  from public.contacts k where k.workspace_id = c.workspace_id and k.id = c.contact_id
$$;
grant execute on function public.conversation_list_item(public.conversations) to authenticated, service_role;

-- As in 20261207030000_live_push.sql, reading the item from the set.
create or replace function private.broadcast_conversation(c public.conversations, was_assignee uuid, was_team uuid, was_there boolean)
returns void
language plpgsql security definer set search_path = '' as $$
declare
  now_topics text[] := private.conversation_topics(c.workspace_id, c.assigned_to, c.team_id);
  item jsonb := (select i from public.conversation_list_item(c) as i);
  topic text;
begin
  foreach topic in array now_topics loop
    perform realtime.send(jsonb_build_object('conversation', item), 'conversation', topic, true);
  end loop;
  if was_there then
    foreach topic in array private.conversation_topics(c.workspace_id, was_assignee, was_team) loop
      if not topic = any(now_topics) then
        perform realtime.send(jsonb_build_object('gone', c.id), 'conversation', topic, true);
      end if;
    end loop;
  end if;
end
$$;
