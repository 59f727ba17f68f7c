-- The CRM side of contacts: per-workspace pipeline stages, per-workspace
-- custom fields, a timeline of what happened to a contact, contact search
-- and filters, and merging two contacts into one.

-- ---------------------------------------------------------------------------
-- Pipeline stages. A contact's lead_status is the key of one of its
-- workspace's stages; new workspaces start with the default pipeline
-- (src/lib/lead-status.ts). Keys never change, labels and order do.
-- ---------------------------------------------------------------------------
create table public.lead_stages (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  key text not null check (key ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  label text not null check (length(btrim(label)) between 1 and 40),
  tone text not null default 'gray' check (tone in ('gray', 'green', 'blue', 'amber', 'red', 'violet')),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  primary key (workspace_id, key)
);

create function private.default_lead_stages(ws uuid) returns void
language sql security definer set search_path = '' as $$
  insert into public.lead_stages (workspace_id, key, label, tone, position) values
    (ws, 'new', 'New', 'blue', 0),
    (ws, 'contacted', 'Contacted', 'violet', 1),
    (ws, 'qualified', 'Qualified', 'amber', 2),
    (ws, 'won', 'Won', 'green', 3),
    (ws, 'lost', 'Lost', 'gray', 4)
  on conflict do nothing
$$;
revoke execute on function private.default_lead_stages(uuid) from public;

create function private.workspace_default_stages() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.default_lead_stages(new.id);
  return null;
end
$$;

create trigger workspaces_default_stages after insert on public.workspaces
  for each row execute function private.workspace_default_stages();

select private.default_lead_stages(id) from public.workspaces;
-- Statuses written before stages existed become stages of their own, so the FK below holds.
insert into public.lead_stages (workspace_id, key, label, position)
select distinct k.workspace_id, k.lead_status, initcap(k.lead_status), 100
from public.contacts k
on conflict do nothing;

-- NO ACTION (checked at the end of the statement) so deleting a workspace,
-- which cascades to both tables, is not refused half way.
alter table public.contacts add constraint contacts_lead_status_fkey
  foreign key (workspace_id, lead_status) references public.lead_stages (workspace_id, key);

-- Webhook ingestion inserts contacts with the column default ('new'): when a
-- workspace has no such stage, a new lead lands in its first stage instead
-- of the message being refused.
create function private.contact_initial_stage() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if not exists (select 1 from public.lead_stages s where s.workspace_id = new.workspace_id and s.key = new.lead_status) then
    new.lead_status := coalesce(
      (select s.key from public.lead_stages s where s.workspace_id = new.workspace_id order by s.position, s.key limit 1),
      new.lead_status);
  end if;
  return new;
end
$$;

create trigger contacts_initial_stage before insert on public.contacts
  for each row execute function private.contact_initial_stage();

-- A pipeline keeps at least one stage (where new leads land).
create function private.guard_stage_delete() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if exists (select 1 from public.workspaces where id = old.workspace_id)
     and not exists (select 1 from public.lead_stages where workspace_id = old.workspace_id and key <> old.key) then
    raise exception 'A pipeline needs at least one stage.' using errcode = 'CV409';
  end if;
  return old;
end
$$;

create trigger lead_stages_guard_delete before delete on public.lead_stages
  for each row execute function private.guard_stage_delete();

alter table public.lead_stages enable row level security;
create policy lead_stages_select on public.lead_stages for select to authenticated
  using (private.is_member(workspace_id));
create policy lead_stages_insert on public.lead_stages for insert to authenticated
  with check (private.is_admin(workspace_id));
create policy lead_stages_update on public.lead_stages for update to authenticated
  using (private.is_admin(workspace_id)) with check (private.is_admin(workspace_id));
create policy lead_stages_delete on public.lead_stages for delete to authenticated
  using (private.is_admin(workspace_id));
grant select, insert, update, delete on public.lead_stages to authenticated;
grant all on public.lead_stages to service_role;

-- ---------------------------------------------------------------------------
-- Custom fields: which keys of contacts.custom_attributes a workspace uses,
-- how they are labelled and what type their values have.
-- ---------------------------------------------------------------------------
create table public.contact_fields (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  key text not null check (key ~ '^[a-z0-9][a-z0-9_]{0,39}$'),
  label text not null check (length(btrim(label)) between 1 and 60),
  type text not null default 'text' check (type in ('text', 'number', 'date', 'boolean', 'url')),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  primary key (workspace_id, key)
);

alter table public.contact_fields enable row level security;
create policy contact_fields_select on public.contact_fields for select to authenticated
  using (private.is_member(workspace_id));
create policy contact_fields_insert on public.contact_fields for insert to authenticated
  with check (private.is_admin(workspace_id));
create policy contact_fields_update on public.contact_fields for update to authenticated
  using (private.is_admin(workspace_id)) with check (private.is_admin(workspace_id));
create policy contact_fields_delete on public.contact_fields for delete to authenticated
  using (private.is_admin(workspace_id));
grant select, insert, update, delete on public.contact_fields to authenticated;
grant all on public.contact_fields to service_role;

-- ---------------------------------------------------------------------------
-- The contact timeline. Status, owner and conversation-assignment changes
-- are written by triggers, so every path (actions, board, bulk, imports,
-- workers) records them; members add notes; merges leave a trace.
-- ---------------------------------------------------------------------------
create table public.contact_events (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  contact_id uuid not null,
  kind text not null check (kind in ('created', 'status_changed', 'owner_changed', 'conversation_assigned', 'note', 'merged')),
  actor_id uuid references auth.users (id) on delete set null,
  data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  foreign key (workspace_id, contact_id) references public.contacts (workspace_id, id) on delete cascade
);
create index contact_events_timeline_idx on public.contact_events (workspace_id, contact_id, created_at desc, id desc);

alter table public.contact_events enable row level security;
create policy contact_events_select on public.contact_events for select to authenticated
  using (private.is_member(workspace_id));
-- Members write notes in their own name; everything else comes from triggers.
create policy contact_events_insert on public.contact_events for insert to authenticated
  with check (private.is_member(workspace_id) and kind = 'note' and actor_id = auth.uid());
grant select, insert on public.contact_events to authenticated;
grant all on public.contact_events to service_role;

create function private.record_contact_change() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    insert into public.contact_events (workspace_id, contact_id, kind, actor_id, data)
    values (new.workspace_id, new.id, 'created', auth.uid(), jsonb_build_object('source', new.source, 'status', new.lead_status));
    return null;
  end if;
  if new.lead_status is distinct from old.lead_status then
    insert into public.contact_events (workspace_id, contact_id, kind, actor_id, data)
    values (new.workspace_id, new.id, 'status_changed', auth.uid(), jsonb_build_object('from', old.lead_status, 'to', new.lead_status));
  end if;
  if new.owner_id is distinct from old.owner_id then
    insert into public.contact_events (workspace_id, contact_id, kind, actor_id, data)
    values (new.workspace_id, new.id, 'owner_changed', auth.uid(), jsonb_build_object('from', old.owner_id, 'to', new.owner_id));
  end if;
  return null;
end
$$;

create trigger contacts_record_insert after insert on public.contacts
  for each row execute function private.record_contact_change();
-- The WHEN clause keeps ingestion's frequent last_activity_at updates free of this trigger.
create trigger contacts_record_update after update on public.contacts
  for each row when (old.lead_status is distinct from new.lead_status or old.owner_id is distinct from new.owner_id)
  execute function private.record_contact_change();

create function private.record_conversation_assignment() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.contact_events (workspace_id, contact_id, kind, actor_id, data)
  values (new.workspace_id, new.contact_id, 'conversation_assigned', auth.uid(),
          jsonb_build_object('conversation_id', new.id, 'from', old.assigned_to, 'to', new.assigned_to));
  return null;
end
$$;

create trigger conversations_record_assignment after update on public.conversations
  for each row when (old.assigned_to is distinct from new.assigned_to)
  execute function private.record_conversation_assignment();

create trigger contact_events_announce after insert on public.contact_events
  for each row execute function private.announce_change();

-- ---------------------------------------------------------------------------
-- Filters and search of the contact list.
-- ---------------------------------------------------------------------------
create index contacts_stage_idx on public.contacts (workspace_id, lead_status, last_activity_at desc, id desc);
create index contacts_owner_idx on public.contacts (workspace_id, owner_id, last_activity_at desc, id desc);
create index contacts_tags_idx on public.contacts using gin (tags);
create index contacts_email_trgm_idx on public.contacts using gin (coalesce(email, '') extensions.gin_trgm_ops);

-- Like public.search_conversations: membership checked once, then the
-- trigram indexes do the work (under RLS, ILIKE runs after the policy on every row).
create function public.search_contacts(ws uuid, text_pattern text, phone_pattern text)
returns table (contact_id uuid)
language plpgsql stable security definer set search_path = '' as $$
begin
  if not private.is_member(ws) then
    return;
  end if;
  return query
    select k.id from public.contacts k
    where k.workspace_id = ws
      and (coalesce(k.name, k.profile_name, '') ilike text_pattern
           or coalesce(k.email, '') ilike text_pattern
           or coalesce(k.phone_e164, '') ilike phone_pattern);
end
$$;

revoke execute on function public.search_contacts(uuid, text, text) from public, anon;
grant execute on function public.search_contacts(uuid, text, text) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Merging: moving messages between conversations is refused to members by
-- the message guard, which must still let the merge function (running as
-- its owner) through. current_user tells them apart where the role setting
-- does not: inside a SECURITY DEFINER function that stays 'authenticated'.
-- ---------------------------------------------------------------------------
create or replace function private.guard_message_write() returns trigger
language plpgsql set search_path = '' as $$
begin
  if current_user <> 'authenticated' then
    return new;
  end if;
  if tg_op = 'INSERT' then
    if new.direction <> 'outbound' or (new.status <> 'pending' and new.type <> 'note') or new.wamid is not null
       or new.sender_type <> 'agent' or new.sender_user_id is distinct from auth.uid() then
      raise exception 'members may only write their own pending outbound messages and notes'
        using errcode = 'CV403';
    end if;
  elsif new.wamid is distinct from old.wamid or new.direction <> old.direction
        or new.conversation_id <> old.conversation_id or new.sender_user_id is distinct from old.sender_user_id then
    raise exception 'a message''s identity cannot be changed' using errcode = 'CV403';
  -- Delivery states come from the provider; a member may only send a failed message again.
  elsif new.status is distinct from old.status and not (old.status = 'failed' and new.status = 'pending') then
    raise exception 'a message''s delivery state comes from WhatsApp' using errcode = 'CV403';
  end if;
  return new;
end
$$;

-- Folds contact `source_id` into `target_id` (admins only): conversations
-- move over, and where both had one on the same WhatsApp number the two are
-- folded into one (messages moved, unread counts added, the later last
-- message kept); the timeline moves too; fields the target lacks are taken
-- from the source; tags, custom fields and notes are combined.
create function public.merge_contacts(ws uuid, target_id uuid, source_id uuid) returns uuid
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
      status = case when 'active' in (kept.status, moved.status) then 'active' else 'archived' end,
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

revoke execute on function public.merge_contacts(uuid, uuid, uuid) from public, anon;
grant execute on function public.merge_contacts(uuid, uuid, uuid) to authenticated;
