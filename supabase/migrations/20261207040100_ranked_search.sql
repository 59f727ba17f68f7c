-- Inbox search ranked by recency inside the function (issue 22). A name
-- shared by 2,000 contacts returned all 2,000 conversations to the list's
-- query, which then fetched, joined and sorted every one of them for a page
-- of 30 (154 ms of SQL; docs/benchmarks.md). Now each arm (contacts by
-- name or phone, messages by text) takes only its `max_rows` most recent
-- conversations after the page's cursor, in the list's order (ties by
-- last_message_seq, 20261207030000_live_push.sql), and the
-- union keeps the first `max_rows` of both. Without `max_rows`, every
-- match (bulk actions on "all matching").
--
-- Visibility is as before, now written on the conversation itself: a member
-- who sees every conversation of the workspace (owner, admin, or a workspace
-- that shows all; an API key) sees every match; a restricted agent
-- (own_team_unassigned) the unassigned ones, their own and their teams' —
-- what private.restricted_visible_conversations() lists, without listing the
-- whole workspace first.

drop function public.search_conversations(uuid, text, text);

create function public.search_conversations(
  ws uuid,
  text_pattern text,
  phone_pattern text,
  max_rows int default null,
  before_at timestamptz default null,
  before_seq bigint default null
)
returns table (conversation_id uuid, last_message_at timestamptz, last_message_seq bigint)
language plpgsql stable security definer set search_path = '' as $$
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
      join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
      where c.workspace_id = ws and c.last_message_at is not null
        and (coalesce(k.name, k.profile_name, '') ilike text_pattern or coalesce(k.phone_e164, '') ilike phone_pattern)
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

revoke execute on function public.search_conversations(uuid, text, text, int, timestamptz, bigint) from public, anon;
grant execute on function public.search_conversations(uuid, text, text, int, timestamptz, bigint) to authenticated, service_role;
