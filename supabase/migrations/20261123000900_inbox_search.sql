-- Inbox search under RLS: ILIKE is not leakproof, so inside a member's
-- query Postgres checks the policy on every row before the trigram indexes
-- may filter (seconds over millions of messages). This function checks
-- membership once, then searches the workspace's rows with the indexes.
create function public.search_conversations(ws uuid, text_pattern text, phone_pattern text)
returns table (conversation_id uuid)
language plpgsql stable security definer set search_path = '' as $$
begin
  if not private.is_member(ws) then
    return;
  end if;
  return query
    select c.id from public.conversations c
    join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
    where c.workspace_id = ws
      and (coalesce(k.name, k.profile_name, '') ilike text_pattern or coalesce(k.phone_e164, '') ilike phone_pattern)
    union
    select m.conversation_id from public.messages m
    where m.workspace_id = ws and m.body ilike text_pattern and m.type <> 'note';
end
$$;

revoke execute on function public.search_conversations(uuid, text, text) from public, anon;
grant execute on function public.search_conversations(uuid, text, text) to authenticated, service_role;
