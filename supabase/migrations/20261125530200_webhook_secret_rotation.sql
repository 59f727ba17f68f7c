-- Rotating an outbound webhook's signing secret without dropping events,
-- and indexes for the delivery log's retention job.
-- The new secret signs at once; the previous one keeps signing beside it
-- (a second `v1=` in the signature header) until it expires, so a receiver
-- can switch to the new secret at its own pace. Neither is readable by
-- members: the server decrypts them to sign.
alter table public.webhook_subscriptions
  add column previous_secret_encrypted text,
  add column previous_secret_expires_at timestamptz,
  add column secret_rotated_at timestamptz,
  add constraint webhook_subscriptions_previous_secret_check
    check ((previous_secret_encrypted is null) = (previous_secret_expires_at is null));

grant select (secret_rotated_at, previous_secret_expires_at) on public.webhook_subscriptions to authenticated;
grant update (previous_secret_encrypted, previous_secret_expires_at, secret_rotated_at) on public.webhook_subscriptions to authenticated;

-- The log's retention job deletes old events oldest first.
create index webhook_outbox_created_idx on public.webhook_outbox (created_at);
-- Deleting an event cascades to its deliveries: they need an index by event.
create index webhook_deliveries_event_idx on public.webhook_deliveries (workspace_id, event_id);
