-- The inbound webhook log keeps nothing unauthenticated in full, limits how
-- much of it is kept, and forgets old rows.
--
-- A request we cannot authenticate (wrong signature, malformed JSON, or an
-- unknown number signed in a way we cannot check) leaves a bounded record:
-- no body, only `diagnostics` (its size and the ids it named), at most 1 kB.
alter table public.webhook_events
  add column diagnostics jsonb,
  drop constraint webhook_events_body_present,
  add constraint webhook_events_body_present
    check (payload is not null or raw_body is not null or diagnostics is not null),
  add constraint webhook_events_diagnostics_bounded
    check (diagnostics is null or (payload is null and raw_body is null and octet_length(diagnostics::text) <= 1024));

-- How many bounded records each provider and source (the number or channel
-- a request named) left per minute, so a flood of forged requests writes a
-- few rows a minute, across every app instance, instead of one per request.
create table private.webhook_intake_counts (
  provider text not null,
  source text not null,
  window_start timestamptz not null,
  hits integer not null,
  primary key (provider, source, window_start)
);
alter table private.webhook_intake_counts enable row level security;
grant select, insert, update, delete on private.webhook_intake_counts to service_role;

-- The retention job deletes settled rows oldest first; pending, failed and
-- dead rows are kept until replayed.
create index webhook_events_retention_idx on public.webhook_events (coalesce(processed_at, received_at))
  where outcome in ('processed', 'duplicate', 'unroutable', 'invalid_signature', 'malformed');
