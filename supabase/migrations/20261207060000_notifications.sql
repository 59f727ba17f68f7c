-- Notifications (issue 21): mentions in notes, assignments, new conversations
-- in a member's queue, and customers' replies on their conversations.
--
-- Triggers write them in the transaction of their cause, so every path
-- (the inbox, auto-assignment, ingestion, the API, SQL by hand) notifies, a
-- rolled-back change notifies nobody, and a committed one cannot lose its
-- notification. Each member reads only their own (RLS); nobody but these
-- triggers inserts any.

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------
create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  user_id uuid not null,
  kind text not null check (kind in ('mention', 'assignment', 'queue', 'customer_reply')),
  conversation_id uuid not null,
  -- The message it is about (the note, the customer's newest reply); null: the conversation.
  message_id uuid,
  -- Who caused it; null: a customer or the automation.
  actor_user_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  -- Leaving the workspace drops one's notifications there.
  foreign key (workspace_id, user_id) references public.workspace_members (workspace_id, user_id) on delete cascade,
  foreign key (workspace_id, conversation_id) references public.conversations (workspace_id, id) on delete cascade,
  foreign key (workspace_id, message_id) references public.messages (workspace_id, id) on delete cascade
);
-- The centre's pages, newest first, and the bell's count.
create index notifications_user_idx on public.notifications (user_id, workspace_id, created_at desc, id desc);
create index notifications_unread_idx on public.notifications (user_id, workspace_id) where read_at is null;
create index notifications_conversation_idx on public.notifications (workspace_id, conversation_id);
create index notifications_message_idx on public.notifications (workspace_id, message_id) where message_id is not null;
-- A burst of customer messages is one unread notification per conversation, moved to the newest.
create unique index notifications_unread_reply_idx on public.notifications (user_id, conversation_id)
  where kind = 'customer_reply' and read_at is null;

-- Per user (across workspaces), per kind. No row: the defaults (listed in
-- the centre and shown by the browser, silent). `in_app` off means no
-- notification is made at all, so browser and sound follow it.
create table public.notification_preferences (
  user_id uuid not null references auth.users (id) on delete cascade,
  kind text not null check (kind in ('mention', 'assignment', 'queue', 'customer_reply')),
  in_app boolean not null default true,
  browser boolean not null default true,
  sound boolean not null default false,
  updated_at timestamptz not null default now(),
  primary key (user_id, kind)
);
create trigger notification_preferences_touch before update on public.notification_preferences
  for each row execute function private.touch_updated_at();

-- ---------------------------------------------------------------------------
-- Who may be notified of a conversation
-- ---------------------------------------------------------------------------

-- Whether `member` sees the conversation: the rule of conversations_select
-- (20261206110050) for someone other than the caller. A mention never
-- tells an agent about a conversation the visibility setting hides from them.
create function private.member_sees_conversation(member uuid, conversation uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.conversations c
    join public.workspace_members m on m.workspace_id = c.workspace_id and m.user_id = member
    join public.workspaces w on w.id = c.workspace_id
    where c.id = conversation
      and (m.role in ('owner', 'admin') or w.conversation_visibility = 'all'
        or c.assigned_to is null or c.assigned_to = member
        or c.team_id in (select t.team_id from public.team_members t where t.workspace_id = c.workspace_id and t.user_id = member)))
$$;

create function private.wants_notification(member uuid, notification_kind text) returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce((select p.in_app from public.notification_preferences p where p.user_id = member and p.kind = notification_kind), true)
$$;

-- Notifies each recipient who is a member seeing the conversation, wants
-- this kind, and is not the one who caused it.
create function private.notify_members(ws uuid, recipients uuid[], notification_kind text, conversation uuid, message uuid, actor uuid)
returns void
language sql volatile security definer set search_path = '' as $$
  insert into public.notifications (workspace_id, user_id, kind, conversation_id, message_id, actor_user_id)
  select ws, r.id, notification_kind, conversation, message, actor
  from (select distinct unnest(recipients) as id) r
  where r.id is not null and r.id is distinct from actor
    and private.member_sees_conversation(r.id, conversation)
    and private.wants_notification(r.id, notification_kind)
$$;

grant execute on function private.member_sees_conversation(uuid, uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- The causes
-- ---------------------------------------------------------------------------

-- Assigned to you: by a person (not yourself) or by auto-assignment (which
-- clears the request's claims, so its actor is null).
create function private.notify_assignment() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.notify_members(new.workspace_id, array[new.assigned_to], 'assignment', new.id, null, auth.uid());
  return null;
end
$$;
create trigger conversations_notify_assignment_insert after insert on public.conversations
  for each row when (new.assigned_to is not null) execute function private.notify_assignment();
create trigger conversations_notify_assignment_update after update of assigned_to on public.conversations
  for each row when (new.assigned_to is not null and new.assigned_to is distinct from old.assigned_to)
  execute function private.notify_assignment();

-- A new conversation in your queue: at commit (after auto-assignment, whose
-- deferred trigger sorts first by name, had its turn), if it is still
-- unassigned and open, and a customer wrote it live (not a history import).
-- Its team's members, or everyone when it has no team.
create function private.notify_queue() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  c record;
begin
  select id, workspace_id, team_id into c from public.conversations
  where id = new.id and assigned_to is null and status = 'open';
  if not found or not exists (
    select 1 from public.messages m
    where m.workspace_id = c.workspace_id and m.conversation_id = c.id and m.direction = 'inbound' and not m.is_historical
  ) then
    return null;
  end if;
  perform private.notify_members(c.workspace_id, array(
    select m.user_id from public.workspace_members m
    where m.workspace_id = c.workspace_id
      and (c.team_id is null or m.user_id in (select t.user_id from public.team_members t where t.team_id = c.team_id))
  ), 'queue', c.id, null, auth.uid());
  return null;
end
$$;
create constraint trigger conversations_notify_queue after insert on public.conversations
  deferrable initially deferred
  for each row when (new.assigned_to is null and new.status = 'open')
  execute function private.notify_queue();

-- A customer wrote on a conversation assigned to you: one statement-level
-- call per insert (ingestion writes a batch per statement), one unread
-- notification per conversation that the newest message moves up.
create function private.notify_customer_replies() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.notifications (workspace_id, user_id, kind, conversation_id, message_id)
  select distinct on (c.assigned_to, c.id) c.workspace_id, c.assigned_to, 'customer_reply', c.id, n.id
  from new_rows n
  join public.conversations c on c.workspace_id = n.workspace_id and c.id = n.conversation_id
  join public.workspace_members m on m.workspace_id = c.workspace_id and m.user_id = c.assigned_to
  where n.direction = 'inbound' and not n.is_historical and n.type not in ('note', 'reaction')
    and private.wants_notification(c.assigned_to, 'customer_reply')
  order by c.assigned_to, c.id, n.sent_at desc, n.created_at desc
  on conflict (user_id, conversation_id) where kind = 'customer_reply' and read_at is null
  do update set message_id = excluded.message_id, created_at = now();
  return null;
end
$$;
create trigger messages_notify_customer_replies after insert on public.messages
  referencing new table as new_rows
  for each statement execute function private.notify_customer_replies();

-- Mentioned in a note: the note's `content.mentions` holds the members'
-- ids (and where each @name is in the text), written by the composer.
create function private.notify_mentions() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.notify_members(new.workspace_id, array(
    select (e ->> 'userId')::uuid from jsonb_array_elements(new.content -> 'mentions') e
    where e ->> 'userId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
  ), 'mention', new.conversation_id, new.id, new.sender_user_id);
  return null;
end
$$;
create trigger messages_notify_mentions after insert on public.messages
  for each row when (new.type = 'note' and jsonb_typeof(new.content -> 'mentions') = 'array')
  execute function private.notify_mentions();

-- ---------------------------------------------------------------------------
-- Live: the member's tabs hear that their notifications changed (ids only;
-- they refetch under RLS). One NOTIFY per member and statement.
-- ---------------------------------------------------------------------------
create function private.announce_notifications() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  target record;
begin
  for target in select distinct user_id, workspace_id from changed loop
    perform pg_notify('conversa_notifications', json_build_object(
      'user_id', target.user_id, 'workspace_id', target.workspace_id, 'op', lower(tg_op))::text);
  end loop;
  return null;
end
$$;
create trigger notifications_announce_insert after insert on public.notifications
  referencing new table as changed for each statement execute function private.announce_notifications();
create trigger notifications_announce_update after update on public.notifications
  referencing new table as changed for each statement execute function private.announce_notifications();

-- ---------------------------------------------------------------------------
-- Privileges and policies
-- ---------------------------------------------------------------------------
alter table public.notifications enable row level security;
alter table public.notification_preferences enable row level security;

create policy notifications_select on public.notifications for select to authenticated
  using (user_id = (select auth.uid()) and workspace_id in (select private.member_workspaces()));
create policy notifications_update on public.notifications for update to authenticated
  using (user_id = (select auth.uid()) and workspace_id in (select private.member_workspaces()))
  with check (user_id = (select auth.uid()) and workspace_id in (select private.member_workspaces()));

create policy notification_preferences_select on public.notification_preferences for select to authenticated
  using (user_id = (select auth.uid()));
create policy notification_preferences_insert on public.notification_preferences for insert to authenticated
  with check (user_id = (select auth.uid()));
create policy notification_preferences_update on public.notification_preferences for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

grant select on public.notifications to authenticated;
-- Reading is the one change a member makes.
grant update (read_at) on public.notifications to authenticated;
grant select on public.notification_preferences to authenticated;
grant insert (user_id, kind, in_app, browser, sound), update (in_app, browser, sound) on public.notification_preferences to authenticated;
grant all on public.notifications, public.notification_preferences to service_role;
