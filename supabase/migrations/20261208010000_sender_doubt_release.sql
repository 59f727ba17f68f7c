-- An in-doubt send (claimed, no wamid, no status naming it: docs/architecture.md,
-- "The send job") is released and sent again when the evidence says WhatsApp
-- never accepted it: statuses of its number are flowing (a status was received
-- for a message of the same number claimed after it, at least `doubt_grace`
-- after its claim) and none named it. Without that evidence it stays in doubt
-- and fails as "Delivery unknown" as before.

-- When the message's last send request was claimed; unlike send_claimed_at it
-- stays once the answer is recorded, so a status can say "this number's
-- messages claimed after that moment are getting statuses".
alter table public.messages add column send_requested_at timestamptz;

-- The evidence looks at a workspace's statuses received since a moment.
create index message_statuses_received_idx on public.message_statuses (workspace_id, received_at);

-- Whether statuses of `channel` are flowing past a claim made at `claimed`:
-- a status received at least `grace` after it, for another message of the
-- number whose request was claimed after it, naming that message by
-- biz_opaque_callback_data: only where the provider carries it back would
-- the in-doubt message's own status have named it (a status without it,
-- such as a provider's echo, could be that message's under a wamid we never
-- learnt).
create function private.statuses_flow_past(ws uuid, channel uuid, claimed timestamptz, grace interval)
returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.message_statuses s
    join public.messages l on l.workspace_id = s.workspace_id and l.wamid = s.wamid
    join public.conversations c on c.workspace_id = l.workspace_id and c.id = l.conversation_id
    where s.workspace_id = ws and s.received_at >= claimed + grace
      and s.details ? 'biz_opaque_callback_data'
      and l.direction = 'outbound' and l.send_requested_at > claimed and c.channel_id = channel)
$$;
revoke execute on function private.statuses_flow_past(uuid, uuid, timestamptz, interval) from public;

drop function private.claim_sends(jsonb);
drop function private.claim_send(uuid, integer);

-- As before (20261206170000_sender_pace.sql), plus:
--   released  the message was in doubt and the evidence above says WhatsApp never
--             accepted it: claimed again, the caller sends it now.
-- The message row is read under its lock (after the conversation's), so a status
-- naming it that commits meanwhile is seen (gone) rather than overwritten.
create function private.claim_send(target uuid, tier_limit integer, doubt_grace interval)
returns text
language plpgsql security definer set search_path = '' as $$
declare
  m record;
  outcome text := 'claimed';
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
  from public.messages x where x.id = target for update;
  if m.status <> 'pending' or m.wamid is not null then
    return 'gone';
  end if;
  if m.send_claimed_at is not null then
    if not private.statuses_flow_past(m.workspace_id, m.channel_id, m.send_claimed_at, doubt_grace) then
      return 'doubt';
    end if;
    outcome := 'released';
  end if;
  if exists (
    select 1 from public.messages x
    where x.conversation_id = m.conversation_id and x.status = 'pending' and x.direction = 'outbound'
      and (x.created_at, x.id) < (m.created_at, target)
  ) then
    return 'busy';
  end if;
  -- A released message opened its business conversation on its first claim (the row below exists).
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
  update public.messages set send_claimed_at = now(), send_requested_at = now(), send_attempts = send_attempts + 1
  where id = target;
  return outcome;
end
$$;
revoke execute on function private.claim_send(uuid, integer, interval) from public;
grant execute on function private.claim_send(uuid, integer, interval) to service_role;

-- As before (20261207020000_sender_claim_batches.sql), with the grace every
-- in-doubt claim of the batch is judged by.
create function private.claim_sends(targets jsonb, doubt_grace interval)
returns table (n bigint, claim text)
language plpgsql security definer set search_path = '' as $$
declare
  t record;
begin
  perform 1 from private.channel_send_pace p
  where p.channel_id in (
    select c.channel_id
    from jsonb_to_recordset(targets) as l(id uuid, tier_limit integer)
    join public.messages x on x.id = l.id
    join public.conversations c on c.workspace_id = x.workspace_id and c.id = x.conversation_id
    where l.tier_limit is not null)
  order by p.channel_id
  for update;
  for t in
    select e.ord, (e.entry ->> 'id')::uuid as id, (e.entry ->> 'tier_limit')::integer as tier_limit
    from jsonb_array_elements(targets) with ordinality as e(entry, ord)
    left join public.messages x on x.id = (e.entry ->> 'id')::uuid
    order by x.conversation_id nulls last, x.created_at, x.id, e.ord
  loop
    n := t.ord;
    claim := private.claim_send(t.id, t.tier_limit, doubt_grace);
    return next;
  end loop;
end
$$;
revoke execute on function private.claim_sends(jsonb, interval) from public;
grant execute on function private.claim_sends(jsonb, interval) to service_role;
