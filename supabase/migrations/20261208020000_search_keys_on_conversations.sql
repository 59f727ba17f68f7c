-- Name search without joining every matching contact (issue 22). The
-- contact arm of public.search_conversations (20261207040100_ranked_search)
-- found the matching contacts by their trigram indexes and then joined all
-- of them to their conversations to rank them: a name shared by 2,054
-- contacts probed conversations_contact_idx 2,054 times for a page of 30.
--
-- The conversation now carries the two texts the contact arm matches (the
-- contact's name as shown, and its phone number), with their own trigram
-- indexes, so the arm is one table: either the trigram bitmap of the
-- matching conversations and a top-N sort of those rows (a rare name), or
-- the list's order walked until `max_rows` match (a common one), whichever
-- the planner prices lower; no join either way. A copy, not recency on the
-- contact: a contact may have a conversation per number, and visibility
-- and the cursor are per conversation, so a contact's recency is only an
-- upper bound for its conversations; the copy keeps the arm's predicate,
-- and so its results, exactly what they were.
--
-- Kept by triggers, whatever writes: a conversation takes its contact's
-- texts when created or moved to another contact (merges, re-links), and a
-- contact's rename or new number is copied to its conversations (rare;
-- ingestion's per-message contact update changes neither, and the WHEN
-- clause keeps it free of this trigger).

alter table public.conversations
  add column contact_search_name text not null default '',
  add column contact_search_phone text not null default '';

comment on column public.conversations.contact_search_name is
  'coalesce(name, profile_name, '''') of the contact, for search (kept by triggers; 20261208020000).';
comment on column public.conversations.contact_search_phone is
  'coalesce(phone_e164, '''') of the contact, for search (kept by triggers; 20261208020000).';

-- The backfill is not a change of the conversations: no touched updated_at, no live push per row.
alter table public.conversations disable trigger user;
update public.conversations c
set contact_search_name = coalesce(k.name, k.profile_name, ''), contact_search_phone = coalesce(k.phone_e164, '')
from public.contacts k
where k.workspace_id = c.workspace_id and k.id = c.contact_id;
alter table public.conversations enable trigger user;

create index conversations_contact_name_trgm_idx on public.conversations
  using gin (contact_search_name extensions.gin_trgm_ops);
create index conversations_contact_phone_trgm_idx on public.conversations
  using gin (contact_search_phone extensions.gin_trgm_ops);

create function private.conversation_take_contact_search() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  select coalesce(k.name, k.profile_name, ''), coalesce(k.phone_e164, '')
  into new.contact_search_name, new.contact_search_phone
  from public.contacts k where k.workspace_id = new.workspace_id and k.id = new.contact_id;
  return new;
end
$$;

create trigger conversations_contact_search_insert before insert on public.conversations
  for each row execute function private.conversation_take_contact_search();
create trigger conversations_contact_search_update before update of contact_id on public.conversations
  for each row when (new.contact_id is distinct from old.contact_id)
  execute function private.conversation_take_contact_search();

create function private.contact_give_search() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.conversations c
  set contact_search_name = coalesce(new.name, new.profile_name, ''), contact_search_phone = coalesce(new.phone_e164, '')
  where c.workspace_id = new.workspace_id and c.contact_id = new.id;
  return null;
end
$$;

create trigger contacts_give_search after update of name, profile_name, phone_e164 on public.contacts
  for each row when (coalesce(new.name, new.profile_name, '') is distinct from coalesce(old.name, old.profile_name, '')
    or coalesce(new.phone_e164, '') is distinct from coalesce(old.phone_e164, ''))
  execute function private.contact_give_search();

-- Same signature, results, visibility and cursor as 20261207040100; the contact arm reads the copies.
create or replace function public.search_conversations(
  ws uuid,
  text_pattern text,
  phone_pattern text,
  max_rows int default null,
  before_at timestamptz default null,
  before_seq bigint default null
)
returns table (conversation_id uuid, last_message_at timestamptz, last_message_seq bigint)
language plpgsql stable security definer set search_path = ''
-- Planned with the patterns' and the limit's values on every call: whether to walk the list's order or take the
-- trigram bitmap depends on how many conversations the pattern matches, which a generic plan cannot know.
set plan_cache_mode = force_custom_plan as $$
declare
  sees_all boolean;
  me uuid := auth.uid();
begin
  if not private.is_member(ws) then
    return;
  end if;
  sees_all := ws in (select private.all_conversations_workspaces());
  return query
    with by_contact as (
      select c.id, c.last_message_at, c.last_message_seq from public.conversations c
      where c.workspace_id = ws and c.last_message_at is not null
        and (c.contact_search_name ilike text_pattern or c.contact_search_phone ilike phone_pattern)
        and (sees_all or c.assigned_to is null or c.assigned_to = me or c.team_id in (select private.my_teams()))
        and (before_at is null or (c.last_message_at, c.last_message_seq) < (before_at, before_seq))
      order by c.last_message_at desc, c.last_message_seq desc
      limit max_rows
    ), by_message as (
      select c.id, c.last_message_at, c.last_message_seq from public.conversations c
      where c.workspace_id = ws and c.last_message_at is not null
        and c.id in (
          select m.conversation_id from public.messages m
          where m.workspace_id = ws and m.body ilike text_pattern and m.type <> 'note')
        and (sees_all or c.assigned_to is null or c.assigned_to = me or c.team_id in (select private.my_teams()))
        and (before_at is null or (c.last_message_at, c.last_message_seq) < (before_at, before_seq))
      order by c.last_message_at desc, c.last_message_seq desc
      limit max_rows
    )
    select u.id, u.last_message_at, u.last_message_seq from (select * from by_contact union select * from by_message) u
    order by u.last_message_at desc, u.last_message_seq desc
    limit max_rows;
end
$$;
