-- The list row shows its last message's real state (issue 21, defect 4: a
-- failed template showed ✓✓): the status of the newest message when our
-- side wrote last, through the thread's index (notes and reactions left
-- out, as the preview does). A status webhook on that message re-reads the
-- row in the live hub (a message change re-reads its conversation), so the
-- tick moves live.
--
-- The open conversation's header merges the pushed row too, so the row
-- carries the assistant's state again (ai_paused, needs_human_reason):
-- without them an agent's reply that pauses the assistant did not show
-- "paused" until a reload.
create or replace function public.conversation_list_item(c public.conversations) returns jsonb
language sql stable set search_path = '' as $$
  select jsonb_build_object(
    'id', c.id,
    'contact_name', coalesce(k.name, k.profile_name, k.username),
    'phone_e164', k.phone_e164,
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
    'last_customer_message_at', to_char(c.last_customer_message_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'channel_id', c.channel_id,
    'channel_name', (select coalesce(ch.name, ch.display_phone_number) from public.whatsapp_channels ch
                     where ch.workspace_id = c.workspace_id and ch.id = c.channel_id),
    'assigned_to', c.assigned_to,
    'team_id', c.team_id,
    'needs_human', c.needs_human,
    'needs_human_reason', c.needs_human_reason,
    'ai_paused', c.ai_paused,
    'snoozed_until', to_char(c.snoozed_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'labels', (select coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name, 'color', l.color) order by lower(l.name), l.id), '[]')
               from public.conversation_labels cl join public.labels l on l.workspace_id = cl.workspace_id and l.id = cl.label_id
               where cl.workspace_id = c.workspace_id and cl.conversation_id = c.id))
  from public.contacts k where k.workspace_id = c.workspace_id and k.id = c.contact_id
$$;
