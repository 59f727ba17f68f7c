-- Media files are fetched from the provider by a background job after the
-- message is stored; the message never waits for (or depends on) the file.
alter table public.messages
  add column media_url text,
  add column media_size bigint,
  add column media_status text check (media_status in ('pending', 'stored', 'failed')),
  add column media_error text;

-- The sweep's work list: media still to fetch.
create index messages_media_pending_idx on public.messages (created_at) where media_status = 'pending';
