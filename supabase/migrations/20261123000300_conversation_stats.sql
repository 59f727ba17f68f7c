-- Conversation stats are maintained by the database, not by each writer, so
-- every path (webhooks, sends, imports, the seed) keeps them right, and
-- ordering follows the provider's timestamps rather than arrival order.

create function private.message_preview(msg_type text, msg_body text) returns text
language sql immutable as $$
  select left(coalesce(nullif(btrim(msg_body), ''), case msg_type
    when 'image' then 'Photo'
    when 'video' then 'Video'
    when 'audio' then 'Voice message'
    when 'document' then 'Document'
    when 'sticker' then 'Sticker'
    when 'location' then 'Location'
    when 'contacts' then 'Contact card'
    when 'order' then 'Order'
    when 'template' then 'Template message'
    when 'unsupported' then 'Unsupported message'
    else initcap(msg_type)
  end), 200)
$$;

-- Notes and reactions live in the thread but are not "the last message".
create function private.counts_as_last_message(msg_type text) returns boolean
language sql immutable as $$
  select msg_type not in ('note', 'reaction')
$$;

create function private.apply_message_to_conversation() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  is_new_inbound boolean := tg_op = 'INSERT' and new.direction = 'inbound' and not new.is_historical
    and new.type not in ('note', 'reaction');
begin
  if tg_op = 'UPDATE' and new.body is not distinct from old.body and new.type = old.type
     and new.sent_at = old.sent_at then
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
    unread_count = c.unread_count + case when is_new_inbound then 1 else 0 end,
    is_read = case when is_new_inbound then false else c.is_read end,
    -- A customer writing again brings an archived conversation back.
    status = case when is_new_inbound then 'active' else c.status end
  where c.workspace_id = new.workspace_id and c.id = new.conversation_id;
  return null;
end
$$;

create trigger messages_conversation_stats
  after insert or update on public.messages
  for each row execute function private.apply_message_to_conversation();

-- Live updates: one NOTIFY channel, a per-workspace topic in the payload,
-- ids only (NOTIFY payloads are capped at 8 kB). A server process LISTENs
-- once and fans out to the browsers of that workspace.
create function private.announce_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  rec jsonb := to_jsonb(coalesce(new, old));
begin
  perform pg_notify('conversa_changes', jsonb_build_object(
    'topic', 'workspace:' || (rec ->> 'workspace_id'),
    'table', tg_table_name,
    'op', lower(tg_op),
    'id', rec ->> 'id',
    'conversation_id', case tg_table_name when 'conversations' then rec ->> 'id' else rec ->> 'conversation_id' end
  )::text);
  return null;
end
$$;

create trigger messages_announce after insert or update on public.messages
  for each row execute function private.announce_change();
create trigger conversations_announce after insert or update or delete on public.conversations
  for each row execute function private.announce_change();
create trigger contacts_announce after insert or update or delete on public.contacts
  for each row execute function private.announce_change();
