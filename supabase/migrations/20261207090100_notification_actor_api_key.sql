-- A change made with an API key has the key's id as auth.uid(), which is no
-- user: notifying with it as actor broke the foreign key to auth.users and
-- failed the whole request (PATCH /api/v1/conversations/{id} assigning a
-- member answered 500). The actor of such a notification is nobody, as for
-- auto-assignment; the key itself is named in the conversation's activity.
create or replace function private.notify_members(ws uuid, recipients uuid[], notification_kind text, conversation uuid, message uuid, actor uuid)
returns void
language sql volatile security definer set search_path = '' as $$
  insert into public.notifications (workspace_id, user_id, kind, conversation_id, message_id, actor_user_id)
  select ws, r.id, notification_kind, conversation, message, person.id
  from (select case when private.api_key_id() is null then actor end as id) person,
       (select distinct unnest(recipients) as id) r
  where r.id is not null and r.id is distinct from person.id
    and private.member_sees_conversation(r.id, conversation)
    and private.wants_notification(r.id, notification_kind)
$$;
