-- The sender claims many messages in one statement (docs/architecture.md,
-- "The send job"): a worker process with hundreds of sends in flight would
-- otherwise commit one claim transaction per message.
--
-- `targets` is a JSON array of {"id": <message uuid>, "tier_limit": <int or null>};
-- the answer has one row per entry, `n` its position (1-based), with what
-- private.claim_send says for it (claimed, busy, doubt, tier, gone). Each
-- claim is the same as one claim_send call, in one transaction with the rest.
--
-- Locks are taken in one order so that two batches never wait on each other
-- in a cycle: first the pace rows of the numbers whose messaging limit is
-- counted (claim_send locks them to count), by channel, then conversations,
-- by id, as claim_send visits the messages ordered by conversation.
create function private.claim_sends(targets jsonb)
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
    claim := private.claim_send(t.id, t.tier_limit);
    return next;
  end loop;
end
$$;
revoke execute on function private.claim_sends(jsonb) from public;
grant execute on function private.claim_sends(jsonb) to service_role;
