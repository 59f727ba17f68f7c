-- Subscriptions may ask for broadcast.started and broadcast.completed
-- (captured by the triggers of …150000_broadcasts). A migration of its own,
-- after …160000_contact_opt_out, which redefines the same list: the list is
-- every event of src/lib/webhook-events.ts.
alter table public.webhook_subscriptions drop constraint webhook_subscriptions_events_check;
alter table public.webhook_subscriptions add constraint webhook_subscriptions_events_check check (
  cardinality(events) > 0 and events <@ array[
    'message.received', 'message.status_updated', 'contact.created', 'contact.updated',
    'conversation.assigned', 'conversation.status_changed', 'conversation.archived', 'lead.status_changed',
    'conversation.labels_changed', 'contact.opted_out', 'contact.opted_in', 'broadcast.started', 'broadcast.completed'
  ]::text[]);
