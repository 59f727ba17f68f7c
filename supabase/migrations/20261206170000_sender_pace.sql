-- The sender at WhatsApp's pace (docs/architecture.md, "Sending"): each
-- number's limits, the shared state that holds every worker process to
-- them, and the claim that keeps a message from being sent twice.

-- A number's throughput (Meta's default is 80 messages a second, up to
-- 1,000 for upgraded numbers) and its messaging-limit tier as the provider
-- names it (TIER_250, TIER_1K, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED;
-- null: not known), with when it was last read.
alter table public.whatsapp_channels
  add column send_rate integer not null default 80 check (send_rate between 1 and 1000),
  add column messaging_limit_tier text check (messaging_limit_tier ~ '^TIER_([0-9]+K?|UNLIMITED)$'),
  add column messaging_limit_read_at timestamptz;
grant select (send_rate, messaging_limit_tier, messaging_limit_read_at) on public.whatsapp_channels to authenticated;

-- The next free send slot of each number, shared by every worker process:
-- a process takes a few slots at a time by moving next_slot_at forward.
-- After a rate-limit or quality error the number sends at slowed_rate until
-- slowed_until. Written by the worker only.
create table private.channel_send_pace (
  channel_id uuid primary key references public.whatsapp_channels (id) on delete cascade,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  next_slot_at timestamptz not null default now(),
  slowed_rate real check (slowed_rate > 0),
  slowed_until timestamptz
);
grant select, insert, update on private.channel_send_pace to service_role;

-- Business-initiated conversations a number opened (a template to a
-- customer whose 24-hour window is closed): the messaging-limit tier caps
-- how many distinct customers it may open them with in a rolling 24 hours.
create table private.business_conversations (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  channel_id uuid not null references public.whatsapp_channels (id) on delete cascade,
  contact_id uuid not null,
  opened_at timestamptz not null default now(),
  primary key (workspace_id, channel_id, opened_at, contact_id)
);
create index business_conversations_contact_idx on private.business_conversations (channel_id, contact_id, opened_at desc);
grant select, insert, delete on private.business_conversations to service_role;

-- Set (committed) just before the provider is called, cleared when its
-- answer is recorded. A message still claimed without a wamid may be at
-- WhatsApp already, so it is never sent again by itself: the status webhook
-- settles it (below), or after a while it fails as "unknown".
alter table public.messages add column send_claimed_at timestamptz;

-- The sender asks "is an older message of this conversation still unsent?"
-- on every send: pending outbound messages only, a small index.
create index messages_pending_outbound_idx on public.messages (conversation_id, created_at, id)
  where status = 'pending' and direction = 'outbound';

-- Claims a pending outbound message for sending, under the conversation's
-- row lock so two workers agree on the order of one conversation:
--   claimed  the caller sends it now;
--   busy     an older message of the conversation has not been accepted yet (try later);
--   doubt    an earlier attempt called the provider and never recorded the answer;
--   tier     the number's messaging limit is reached for new conversations (try later);
--   gone     nothing to send (sent, failed, not found).
-- `tier_limit` is the number's limit of business-initiated conversations
-- per 24 h (null: none known); a template to a customer whose window is
-- closed opens one, unless one was opened with them in the last 24 h.
create function private.claim_send(target uuid, tier_limit integer)
returns text
language plpgsql security definer set search_path = '' as $$
declare
  m record;
begin
  select x.workspace_id, x.conversation_id, x.created_at, x.status, x.wamid, x.send_claimed_at, x.type,
         c.channel_id, c.contact_id, c.last_customer_message_at
    into m
  from public.messages x
  join public.conversations c on c.workspace_id = x.workspace_id and c.id = x.conversation_id
  where x.id = target and x.direction = 'outbound';
  if not found then
    return 'gone';
  end if;
  perform 1 from public.conversations c where c.workspace_id = m.workspace_id and c.id = m.conversation_id for update;
  select x.status, x.wamid, x.send_claimed_at into m.status, m.wamid, m.send_claimed_at
  from public.messages x where x.id = target;
  if m.status <> 'pending' or m.wamid is not null then
    return 'gone';
  end if;
  if m.send_claimed_at is not null then
    return 'doubt';
  end if;
  if exists (
    select 1 from public.messages x
    where x.conversation_id = m.conversation_id and x.status = 'pending' and x.direction = 'outbound'
      and (x.created_at, x.id) < (m.created_at, target)
  ) then
    return 'busy';
  end if;
  if m.type = 'template' and tier_limit is not null
     and (m.last_customer_message_at is null or m.last_customer_message_at < now() - interval '24 hours')
     and not exists (
       select 1 from private.business_conversations b
       where b.channel_id = m.channel_id and b.contact_id = m.contact_id and b.opened_at > now() - interval '24 hours')
  then
    -- The pace row serialises the count and the insert across workers.
    perform 1 from private.channel_send_pace p where p.channel_id = m.channel_id for update;
    if (select count(*) from private.business_conversations b
        where b.workspace_id = m.workspace_id and b.channel_id = m.channel_id and b.opened_at > now() - interval '24 hours') >= tier_limit then
      return 'tier';
    end if;
    insert into private.business_conversations (workspace_id, channel_id, contact_id) values (m.workspace_id, m.channel_id, m.contact_id);
  end if;
  update public.messages set send_claimed_at = now(), send_attempts = send_attempts + 1 where id = target;
  return 'claimed';
end
$$;
revoke execute on function private.claim_send(uuid, integer) from public;
grant execute on function private.claim_send(uuid, integer) to service_role;

-- A status webhook names the message we sent in biz_opaque_callback_data
-- (our message id, sent with every message). When the worker died between
-- WhatsApp's answer and recording it, the row has no wamid yet: the status
-- gives it one, and the early-status trigger then applies the statuses.
create function private.settle_claimed_send() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  target uuid;
begin
  if (new.details ->> 'biz_opaque_callback_data') !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    return null;
  end if;
  target := (new.details ->> 'biz_opaque_callback_data')::uuid;
  if not exists (
    select 1 from public.messages m
    where m.workspace_id = new.workspace_id and m.id = target and m.direction = 'outbound' and m.wamid is null
  ) then
    return null;
  end if;
  -- A provider echo of the same send (Kapso) stored as a row of its own is the same message.
  delete from public.messages m
  where m.workspace_id = new.workspace_id and m.wamid = new.wamid and m.id <> target and m.direction = 'outbound';
  update public.messages m set wamid = new.wamid, status = 'sent', error = null, failed_at = null, send_claimed_at = null
  where m.workspace_id = new.workspace_id and m.id = target and m.wamid is null;
  return null;
end
$$;

create trigger message_statuses_settle_claimed_send
  after insert on public.message_statuses
  for each row when (new.details ? 'biz_opaque_callback_data')
  execute function private.settle_claimed_send();
