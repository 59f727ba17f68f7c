-- Outbound webhooks: conversation.team_changed, whenever a conversation moves
-- to another team (or to none), whichever path did it (the thread's team
-- select, bulk set_team, the API's PATCH, a team deleted under it).
-- conversation.assigned only tells of the team when an assignment happens.
-- A trigger of its own rather than another branch of private.capture_change,
-- so the two evolve apart; it carries the team's name as it was at the change.
create function private.capture_team_change() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if private.is_subscribed(new.workspace_id, 'conversation.team_changed') then
    insert into public.webhook_outbox (workspace_id, type, entity_id, changes)
    values (new.workspace_id, 'conversation.team_changed', new.id, jsonb_build_object(
      'team', (select jsonb_build_object('id', t.id, 'name', t.name) from public.teams t
               where t.workspace_id = new.workspace_id and t.id = new.team_id),
      'previous_team_id', old.team_id));
  end if;
  return null;
end
$$;

create trigger conversations_capture_team after update of team_id on public.conversations
  for each row when (old.team_id is distinct from new.team_id)
  execute function private.capture_team_change();

-- The list of 20261206160500_broadcast_webhook_events, plus the new event:
-- every event of src/lib/webhook-events.ts.
alter table public.webhook_subscriptions drop constraint webhook_subscriptions_events_check;
alter table public.webhook_subscriptions add constraint webhook_subscriptions_events_check check (
  cardinality(events) > 0 and events <@ array[
    'message.received', 'message.status_updated', 'contact.created', 'contact.updated',
    'conversation.assigned', 'conversation.status_changed', 'conversation.archived', 'lead.status_changed',
    'conversation.labels_changed', 'contact.opted_out', 'contact.opted_in', 'broadcast.started', 'broadcast.completed',
    'conversation.team_changed'
  ]::text[]);
