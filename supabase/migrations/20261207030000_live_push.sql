-- Live inbox at team scale (issue 22): the server pushes the changed list
-- item instead of every tab refetching its page.
--
--  1. Stable order. Meta's timestamps have whole seconds, so many
--     conversations tie on last_message_at; they broke the tie by a random
--     uuid, and a new conversation could sort below older ones and fall off
--     page 1 before a tab saw it. last_message_seq, taken from a sequence
--     whenever last_message_at changes, breaks ties by arrival instead.
--  2. One definition of a list item, public.conversation_list_item(c): the
--     list query, the SSE hub and the Supabase broadcast all send it, so a
--     pushed row is exactly what a refetch would show.
--  3. Supabase mode: the trigger broadcasts the list item on topics by
--     audience (RLS on realtime.messages admits a restricted agent to their
--     own, their teams' and the unassigned topics only); messages and
--     activity lines go as ids to the same audiences.
--  4. Changes of who may see what (roles, teams, the workspace's
--     visibility) are announced, so the SSE hub reloads its subscribers' rules.

-- ---------------------------------------------------------------------------
-- 1. Ordering
-- ---------------------------------------------------------------------------
create sequence private.conversation_last_message_seq;
alter table public.conversations add column last_message_seq bigint;

-- Existing rows in their current order. Only this column changes: the
-- announce and stats triggers have nothing to say about it.
alter table public.conversations disable trigger user;
update public.conversations c set last_message_seq = o.n
from (select id, row_number() over (order by last_message_at nulls first, id) as n from public.conversations) o
where o.id = c.id;
alter table public.conversations enable trigger user;
select setval('private.conversation_last_message_seq', coalesce((select max(last_message_seq) from public.conversations), 0) + 1, false);
-- A default as well as the triggers: bulk loads without triggers (the benchmark seed) get one too.
grant usage on sequence private.conversation_last_message_seq to authenticated, service_role;
alter table public.conversations alter column last_message_seq set default nextval('private.conversation_last_message_seq'),
  alter column last_message_seq set not null;

create function private.stamp_last_message_seq() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  new.last_message_seq := nextval('private.conversation_last_message_seq');
  return new;
end
$$;
create trigger conversations_last_message_seq_update before update of last_message_at on public.conversations
  for each row when (new.last_message_at is distinct from old.last_message_at)
  execute function private.stamp_last_message_seq();

-- The list's keyset indexes end in the tie-breaker.
drop index public.conversations_inbox_idx;
create index conversations_inbox_idx on public.conversations
  (workspace_id, status, last_message_at desc nulls last, last_message_seq desc);
drop index public.conversations_assignee_idx;
create index conversations_assignee_idx on public.conversations
  (workspace_id, assigned_to, status, last_message_at desc nulls last, last_message_seq desc);
drop index public.conversations_unread_idx;
create index conversations_unread_idx on public.conversations
  (workspace_id, status, last_message_at desc nulls last, last_message_seq desc) where unread_count > 0;
drop index public.conversations_unassigned_idx;
create index conversations_unassigned_idx on public.conversations
  (workspace_id, last_message_at desc nulls last, last_message_seq desc) where status = 'open' and assigned_to is null;
drop index public.conversations_needs_human_idx;
create index conversations_needs_human_idx on public.conversations
  (workspace_id, last_message_at desc nulls last, last_message_seq desc) where status = 'open' and needs_human;

-- ---------------------------------------------------------------------------
-- 2. The list item: what a row of the inbox renders, and nothing else
-- ---------------------------------------------------------------------------
-- Timestamps as ISO text with microseconds (cursors go back as text).
-- Security invoker: under a member's RLS in the list, as the service role
-- in the hub and the trigger.
create function public.conversation_list_item(c public.conversations) returns jsonb
language sql stable set search_path = '' as $$
  select jsonb_build_object(
    'id', c.id,
    'contact_name', coalesce(k.name, k.profile_name, k.username),
    'phone_e164', k.phone_e164,
    'status', c.status,
    'unread_count', c.unread_count,
    'is_read', c.is_read,
    'last_message_at', to_char(c.last_message_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'last_message_seq', c.last_message_seq::text,
    'last_message_preview', c.last_message_preview,
    'last_message_direction', c.last_message_direction,
    'last_message_type', c.last_message_type,
    'last_customer_message_at', to_char(c.last_customer_message_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'channel_id', c.channel_id,
    'channel_name', (select coalesce(ch.name, ch.display_phone_number) from public.whatsapp_channels ch
                     where ch.workspace_id = c.workspace_id and ch.id = c.channel_id),
    'assigned_to', c.assigned_to,
    'team_id', c.team_id,
    'needs_human', c.needs_human,
    'snoozed_until', to_char(c.snoozed_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'labels', (select coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name, 'color', l.color) order by lower(l.name), l.id), '[]')
               from public.conversation_labels cl join public.labels l on l.workspace_id = cl.workspace_id and l.id = cl.label_id
               where cl.workspace_id = c.workspace_id and cl.conversation_id = c.id))
  from public.contacts k where k.workspace_id = c.workspace_id and k.id = c.contact_id
$$;
grant execute on function public.conversation_list_item(public.conversations) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- 3. Publishing: NOTIFY for the SSE hub, Broadcast from Database on Supabase
-- ---------------------------------------------------------------------------

-- The broadcast topics a conversation's changes go to: the workspace's
-- (members who see every conversation), its assignee's, its team's, or the
-- unassigned one. A restricted agent joins the last three kinds for
-- themselves only (policy below).
create function private.conversation_topics(ws uuid, assignee uuid, team uuid) returns text[]
language sql immutable set search_path = '' as $$
  select array_remove(array[
    'workspace:' || ws,
    case when assignee is null then 'workspace:' || ws || ':unassigned' else 'workspace:' || ws || ':user:' || assignee end,
    case when team is not null then 'workspace:' || ws || ':team:' || team end], null)
$$;

-- Broadcasts one conversation's list item to its audiences, and "gone" to
-- the audiences that saw it before a reassignment and no longer do.
-- Realtime's broadcast payload limit is far above a list item (~0.5 kB).
create function private.broadcast_conversation(c public.conversations, was_assignee uuid, was_team uuid, was_there boolean)
returns void
language plpgsql security definer set search_path = '' as $$
declare
  now_topics text[] := private.conversation_topics(c.workspace_id, c.assigned_to, c.team_id);
  topic text;
begin
  foreach topic in array now_topics loop
    perform realtime.send(jsonb_build_object('conversation', public.conversation_list_item(c)), 'conversation', topic, true);
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

-- NOTIFY (ids, as before, plus the previous assignment of a conversation
-- whose assignee or team changed: the hub tells those who saw it that it
-- left) and, where broadcasting is on, the broadcast of the same change.
create or replace function private.announce_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  rec jsonb := to_jsonb(coalesce(new, old));
  before jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) end;
  ws uuid := (rec ->> 'workspace_id')::uuid;
  topic text := 'workspace:' || ws;
  conversation uuid := case tg_table_name when 'conversations' then (rec ->> 'id')::uuid else (rec ->> 'conversation_id')::uuid end;
  change jsonb := jsonb_build_object('table', tg_table_name, 'op', lower(tg_op), 'id', rec ->> 'id', 'conversation_id', conversation);
  was jsonb;
  c public.conversations;
begin
  -- OLD and NEW have the triggering table's columns: read them as jsonb, which any table has.
  if tg_table_name = 'conversations' then
    if tg_op = 'DELETE' then
      was := jsonb_build_object('assigned_to', rec -> 'assigned_to', 'team_id', rec -> 'team_id');
    elsif tg_op = 'UPDATE' and (before -> 'assigned_to' is distinct from rec -> 'assigned_to' or before -> 'team_id' is distinct from rec -> 'team_id') then
      was := jsonb_build_object('assigned_to', before -> 'assigned_to', 'team_id', before -> 'team_id');
    end if;
  end if;
  perform pg_notify('conversa_changes', (jsonb_build_object('topic', topic) || change
    || case when was is null then '{}'::jsonb else jsonb_build_object('was', was) end)::text);

  if not (select s.broadcast_changes from private.platform_settings s) then
    return null;
  end if;
  if tg_table_name = 'conversations' then
    if tg_op = 'DELETE' then
      foreach topic in array private.conversation_topics(ws, (was ->> 'assigned_to')::uuid, (was ->> 'team_id')::uuid) loop
        perform realtime.send(jsonb_build_object('gone', conversation), 'conversation', topic, true);
      end loop;
    else
      c := jsonb_populate_record(null::public.conversations, rec);
      perform private.broadcast_conversation(c, (was ->> 'assigned_to')::uuid, (was ->> 'team_id')::uuid, was is not null);
    end if;
  elsif tg_table_name = 'contacts' then
    -- The name on the rows of the contact's conversations.
    for c in select * from public.conversations x where x.workspace_id = ws and x.contact_id = (rec ->> 'id')::uuid loop
      perform private.broadcast_conversation(c, null, null, false);
    end loop;
  elsif conversation is not null then
    -- A message or activity line: its id, to the conversation's audiences
    -- (tabs showing that thread read it; the row comes with the
    -- conversation's own change).
    select * into c from public.conversations x where x.workspace_id = ws and x.id = conversation;
    if found then
      foreach topic in array private.conversation_topics(ws, c.assigned_to, c.team_id) loop
        perform realtime.send(change, 'change', topic, true);
      end loop;
    end if;
  end if;
  return null;
end
$$;

-- Label changes: as in 20261206130000, broadcasting the list item.
create or replace function private.conversation_labels_changed() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  broadcast boolean := (select s.broadcast_changes from private.platform_settings s);
  workspace_ids uuid[];
  conversation_ids uuid[];
  label_ids uuid[];
  changed public.conversations;
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
    select c.* from public.conversations c
    where (c.workspace_id, c.id) in (select distinct r.workspace_id, r.conversation_id
                                     from unnest(workspace_ids, conversation_ids) as r (workspace_id, conversation_id))
  loop
    perform pg_notify('conversa_changes', jsonb_build_object(
      'topic', 'workspace:' || changed.workspace_id, 'table', 'conversations', 'op', 'update',
      'id', changed.id, 'conversation_id', changed.id)::text);
    if broadcast then
      perform private.broadcast_conversation(changed, null, null, false);
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
  return null;
end
$$;

-- Who may join a topic (Realtime checks this policy when a client joins a
-- private channel): the workspace's topic only for those who see every
-- conversation; a user's topic only for that user; a team's only for its
-- members; the unassigned one for any member.
create or replace function private.topic_workspace(topic text) returns uuid
language sql immutable set search_path = '' as $$
  select case when topic ~ '^workspace:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(:|$)'
    then substr(topic, 11, 36)::uuid end
$$;

create function private.may_join_topic(topic text) returns boolean
language plpgsql stable security definer set search_path = '' as $$
declare
  ws uuid := private.topic_workspace(topic);
  rest text := substr(topic, 47);
begin
  if ws is null or not private.is_member(ws) then
    return false;
  end if;
  if rest = '' then
    return ws in (select private.all_conversations_workspaces());
  elsif rest = ':unassigned' then
    return true;
  elsif rest = ':user:' || auth.uid() then
    return true;
  elsif rest ~ '^:team:[0-9a-f-]{36}$' then
    return substr(rest, 7)::uuid in (select private.my_teams());
  end if;
  return false;
end
$$;
grant execute on function private.may_join_topic(text) to authenticated;

drop policy "Members receive their workspace's changes" on realtime.messages;
create policy "Members receive the changes they may see" on realtime.messages
  for select to authenticated
  using (extension = 'broadcast' and private.may_join_topic((select realtime.topic())));

-- ---------------------------------------------------------------------------
-- 4. Changes of who sees what
-- ---------------------------------------------------------------------------
create function private.announce_access_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  rec jsonb := to_jsonb(coalesce(new, old));
  ws text := case tg_table_name when 'workspaces' then rec ->> 'id' else rec ->> 'workspace_id' end;
begin
  perform pg_notify('conversa_changes', jsonb_build_object('topic', 'workspace:' || ws, 'table', 'access')::text);
  return null;
end
$$;
create trigger workspace_members_announce_access after insert or update or delete on public.workspace_members
  for each row execute function private.announce_access_change();
create trigger team_members_announce_access after insert or update or delete on public.team_members
  for each row execute function private.announce_access_change();
create trigger workspaces_announce_access after update of conversation_visibility on public.workspaces
  for each row when (new.conversation_visibility is distinct from old.conversation_visibility)
  execute function private.announce_access_change();
