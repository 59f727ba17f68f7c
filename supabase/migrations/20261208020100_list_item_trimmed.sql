-- The list item carries what the row renders (issue 22: 17.0 kB per first
-- page of 30 in bench:live, 682 bytes a row on bench:inbox's seed). Left
-- out, as the row does not need them:
--
-- - channel_name: only the thread's header shows it; getConversation reads
--   it beside the item (src/server/inbox/queries.ts, DETAIL_COLUMNS).
-- - phone_e164 while the contact has a name: the row's title is the name,
--   the number only stands in for a missing one. The header has the number
--   from getConversation.
-- - last_customer_message_at once the 24-hour window has closed: the row
--   only shows whether the window is open, and a closed window opens again
--   only with a new customer message, which changes the row and pushes it
--   again. The header keeps the exact time from getConversation (a pushed
--   item merges over it, so a key left out leaves it as it was).
--
-- Left out means absent, not null: the header merges pushed items over what
-- getConversation gave it. Everything the live merge and the filters
-- (src/components/inbox/live-list.ts), the keyboard and bulk actions, and
-- the header's live state (assistant paused, status) use stays.
create or replace function public.conversation_list_item(c public.conversations) returns jsonb
language sql stable set search_path = '' as $$
  select jsonb_build_object(
    'id', c.id,
    'contact_name', coalesce(k.name, k.profile_name, k.username),
    'status', c.status,
    'unread_count', c.unread_count,
    'is_read', c.is_read,
    'last_message_at', to_char(c.last_message_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'last_message_seq', c.last_message_seq::text,
    'last_message_preview', c.last_message_preview,
    'last_message_direction', c.last_message_direction,
    'last_message_type', c.last_message_type,
    'last_message_status', case when c.last_message_direction = 'outbound' then (
      select m.status from public.messages m
      where m.conversation_id = c.id and m.workspace_id = c.workspace_id and m.type not in ('note', 'reaction')
      order by m.sent_at desc, m.created_at desc, m.id desc limit 1) end,
    'channel_id', c.channel_id,
    'assigned_to', c.assigned_to,
    'team_id', c.team_id,
    'needs_human', c.needs_human,
    'needs_human_reason', c.needs_human_reason,
    'ai_paused', c.ai_paused,
    'snoozed_until', to_char(c.snoozed_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'labels', (select coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name, 'color', l.color) order by lower(l.name), l.id), '[]')
               from public.conversation_labels cl join public.labels l on l.workspace_id = cl.workspace_id and l.id = cl.label_id
               where cl.workspace_id = c.workspace_id and cl.conversation_id = c.id))
  || case when nullif(coalesce(k.name, k.profile_name, k.username), '') is null
       then jsonb_build_object('phone_e164', k.phone_e164) else '{}' end
  || case when c.last_customer_message_at > now() - interval '24 hours'
       then jsonb_build_object('last_customer_message_at',
              to_char(c.last_customer_message_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
       else '{}' end
  from public.contacts k where k.workspace_id = c.workspace_id and k.id = c.contact_id
$$;
