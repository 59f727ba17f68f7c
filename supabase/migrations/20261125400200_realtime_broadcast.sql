-- Live updates through Supabase Realtime: the triggers that NOTIFY the SSE
-- stream also broadcast each change on the workspace's private topic
-- (Broadcast from Database), where broadcasting is on. Subscribers are
-- authorized by Realtime against the RLS policy below: members of the
-- workspace only. No one may broadcast into a workspace's topic from a
-- client (no insert policy); only these triggers do.

-- One row. On by itself on Supabase (its auth admin role is the sign, as in
-- scripts/database/prepare.ts); off on plain PostgreSQL, where no Realtime
-- server reads realtime.messages and rows would only pile up.
create table private.platform_settings (
  singleton boolean primary key default true check (singleton),
  broadcast_changes boolean not null
);
insert into private.platform_settings (broadcast_changes)
select exists (select 1 from pg_roles where rolname = 'supabase_auth_admin');
grant select on private.platform_settings to service_role;

-- "workspace:<uuid>" → the uuid; null for any other topic.
create function private.topic_workspace(topic text) returns uuid
language sql immutable set search_path = '' as $$
  select case when topic ~ '^workspace:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    then substr(topic, 11)::uuid end
$$;
grant execute on function private.topic_workspace(text) to authenticated;

-- As in 20261123000300_conversation_stats.sql (ids only: NOTIFY payloads
-- are capped at 8 kB and a broadcast should not carry a whole row to every
-- member), plus the broadcast: event "change", the same payload without
-- the topic, which is the channel itself.
create or replace function private.announce_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  rec jsonb := to_jsonb(coalesce(new, old));
  topic text := 'workspace:' || (rec ->> 'workspace_id');
  change jsonb := jsonb_build_object(
    'table', tg_table_name,
    'op', lower(tg_op),
    'id', rec ->> 'id',
    'conversation_id', case tg_table_name when 'conversations' then rec ->> 'id' else rec ->> 'conversation_id' end
  );
begin
  perform pg_notify('conversa_changes', (jsonb_build_object('topic', topic) || change)::text);
  if (select s.broadcast_changes from private.platform_settings s) then
    perform realtime.send(change, 'change', topic, true);
  end if;
  return null;
end
$$;

create policy "Members receive their workspace's changes" on realtime.messages
  for select to authenticated
  using (extension = 'broadcast' and private.is_member(private.topic_workspace((select realtime.topic()))));
