-- A conversation's first customer message and the first reply after it,
-- kept on the conversation by the stats trigger, so the dashboard's first
-- response time reads one index range of conversations instead of probing
-- every conversation's thread twice (95,000 conversations started in a
-- period took 1.8 s that way: docs/benchmarks.md).

alter table public.conversations
  add column first_customer_message_at timestamptz,
  add column first_reply_at timestamptz;

create index conversations_first_customer_message_idx on public.conversations
  (workspace_id, first_customer_message_at) include (first_reply_at)
  where first_customer_message_at is not null;

-- As in 20261123000300_conversation_stats.sql, plus the first customer
-- message and first reply. A message moved to another conversation (a
-- contact merge) counts there too. When an earlier customer message turns
-- up (late delivery, a merge), the first reply is looked up again: one
-- probe of the thread index, which for most conversations happens once,
-- at their first message.
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
    -- A customer writing again brings an archived conversation back.
    status = case when is_new_inbound then 'active' else c.status end
  where c.workspace_id = new.workspace_id and c.id = new.conversation_id;
  return null;
end
$$;

-- The trigger now also runs when a message changes conversation.
drop trigger messages_conversation_stats on public.messages;
create trigger messages_conversation_stats
  after insert or update on public.messages
  for each row execute function private.apply_message_to_conversation();

-- Conversations that already have messages.
update public.conversations c set
  first_customer_message_at = f.asked_at,
  first_reply_at = (
    select min(m.sent_at) from public.messages m
    where m.conversation_id = c.id and m.sent_at >= f.asked_at and private.is_reply(m.direction, m.type, m.sender_type))
from (
  select m.conversation_id, min(m.sent_at) as asked_at from public.messages m
  where m.direction = 'inbound' and m.type not in ('note', 'reaction')
  group by m.conversation_id
) f
where c.id = f.conversation_id;

-- Conversations whose first customer message falls in [since, until), with
-- the first reply after it (null: not answered yet).
create or replace function private.first_responses(ws uuid, since timestamptz, until timestamptz)
returns table (asked_at timestamptz, answered_at timestamptz)
language sql stable set search_path = '' as $$
  select c.first_customer_message_at, c.first_reply_at
  from public.conversations c
  where c.workspace_id = ws and c.first_customer_message_at >= since and c.first_customer_message_at < until
$$;

-- The thread probes of the old first_responses were its only reader.
drop index public.messages_first_response_idx;
