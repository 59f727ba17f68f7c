-- WhatsApp numbers, contacts (leads), conversations, messages and the raw
-- webhook log. Every tenant table carries workspace_id, also in its unique
-- keys, so the schema can later be distributed by tenant.

create table public.whatsapp_channels (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  provider text not null check (provider in ('360dialog', 'kapso', 'meta')),
  -- Meta's id of the number; every provider's webhook names it, so it is
  -- how an incoming webhook finds its workspace. Globally unique by nature.
  phone_number_id text not null unique,
  waba_id text,
  display_phone_number text,
  name text,
  connection_type text not null default 'dedicated' check (connection_type in ('coexistence', 'dedicated')),
  status text not null default 'active' check (status in ('pending', 'active', 'disconnected', 'error')),
  -- API keys/tokens, AES-256-GCM encrypted by the server; never readable by members.
  credentials_encrypted text,
  -- Secret used to verify the provider's webhook signature.
  webhook_secret text not null default encode(extensions.gen_random_bytes(32), 'hex'),
  -- Unguessable path segment for providers that do not sign (360dialog).
  webhook_token text not null unique default encode(extensions.gen_random_bytes(24), 'hex'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id)
);

create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  -- Canonical E.164 (+6281234567890). Null when WhatsApp only gave us a
  -- business-scoped user id.
  phone_e164 text check (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  wa_id text,
  business_user_id text,
  username text,
  name text,
  profile_name text,
  email text,
  lead_status text not null default 'new',
  lead_score integer not null default 0 check (lead_score between 0 and 100),
  tags text[] not null default '{}',
  source text not null default 'whatsapp',
  custom_attributes jsonb not null default '{}'::jsonb,
  owner_id uuid references auth.users (id) on delete set null,
  provider_conversation_id text,
  first_seen_at timestamptz not null default now(),
  last_activity_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  unique (workspace_id, phone_e164),
  unique (workspace_id, business_user_id)
);
create index contacts_workspace_activity_idx on public.contacts (workspace_id, last_activity_at desc, id desc);
create index contacts_name_trgm_idx on public.contacts
  using gin (coalesce(name, profile_name, '') extensions.gin_trgm_ops);
create index contacts_phone_trgm_idx on public.contacts
  using gin (coalesce(phone_e164, '') extensions.gin_trgm_ops);

create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  channel_id uuid not null,
  contact_id uuid not null,
  status text not null default 'active' check (status in ('active', 'archived')),
  assigned_to uuid references auth.users (id) on delete set null,
  unread_count integer not null default 0 check (unread_count >= 0),
  is_read boolean not null default true,
  last_message_at timestamptz,
  last_message_preview text,
  last_message_direction text check (last_message_direction in ('inbound', 'outbound')),
  last_message_type text,
  -- Start of WhatsApp's 24-hour customer service window.
  last_customer_message_at timestamptz,
  provider_conversation_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  unique (workspace_id, channel_id, contact_id),
  foreign key (workspace_id, channel_id) references public.whatsapp_channels (workspace_id, id) on delete cascade,
  foreign key (workspace_id, contact_id) references public.contacts (workspace_id, id) on delete cascade
);
-- The inbox list: newest first, keyset-paginated.
create index conversations_inbox_idx on public.conversations
  (workspace_id, status, last_message_at desc nulls last, id desc);
create index conversations_assignee_idx on public.conversations
  (workspace_id, assigned_to, last_message_at desc nulls last);
create index conversations_contact_idx on public.conversations (workspace_id, contact_id);

create table public.messages (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  conversation_id uuid not null,
  -- WhatsApp's message id; null only while an outbound message is pending.
  wamid text,
  direction text not null check (direction in ('inbound', 'outbound')),
  type text not null check (type in (
    'text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts',
    'interactive', 'button', 'reaction', 'order', 'system', 'referral', 'template',
    'note', 'unsupported'
  )),
  -- Text, caption or a readable summary, used for previews and search.
  body text,
  -- The provider's message object (or our outbound request), kept whole.
  content jsonb not null default '{}'::jsonb,
  status text not null default 'pending' check (status in ('pending', 'sent', 'delivered', 'read', 'failed')),
  -- When the message was written, by the provider's clock.
  sent_at timestamptz not null default now(),
  delivered_at timestamptz,
  read_at timestamptz,
  played_at timestamptz,
  failed_at timestamptz,
  error jsonb,
  media_id text,
  media_mime_type text,
  media_sha256 text,
  media_filename text,
  media_caption text,
  media_storage_path text,
  reply_to_wamid text,
  is_forwarded boolean not null default false,
  -- Who wrote it: the customer, an agent, the AI assistant, the WhatsApp
  -- Business app on the phone (coexistence), the API, or the system.
  sender_type text not null check (sender_type in ('customer', 'agent', 'ai', 'business_app', 'api', 'system')),
  sender_user_id uuid references auth.users (id) on delete set null,
  -- Imported from history sync: counts for stats, never as unread.
  is_historical boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id),
  unique (workspace_id, wamid),
  foreign key (workspace_id, conversation_id) references public.conversations (workspace_id, id) on delete cascade
);
-- The thread: a conversation's messages by time, keyset-paginated.
create index messages_thread_idx on public.messages (conversation_id, sent_at desc, id desc);
create index messages_body_trgm_idx on public.messages using gin (body extensions.gin_trgm_ops);

create table public.webhook_events (
  id bigint generated always as identity primary key,
  -- Null when the receiving number is unknown (unroutable).
  workspace_id uuid references public.workspaces (id) on delete cascade,
  channel_id uuid references public.whatsapp_channels (id) on delete set null,
  provider text not null check (provider in ('360dialog', 'kapso', 'meta')),
  received_at timestamptz not null default now(),
  payload jsonb not null,
  headers jsonb not null default '{}'::jsonb,
  idempotency_key text,
  outcome text not null default 'pending' check (outcome in (
    'pending', 'processed', 'duplicate', 'unroutable', 'failed', 'dead'
  )),
  processed_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
create index webhook_events_log_idx on public.webhook_events (workspace_id, received_at desc, id desc);
create index webhook_events_pending_idx on public.webhook_events (received_at)
  where outcome in ('pending', 'failed');

create trigger whatsapp_channels_touch before update on public.whatsapp_channels
  for each row execute function private.touch_updated_at();
create trigger contacts_touch before update on public.contacts
  for each row execute function private.touch_updated_at();
create trigger conversations_touch before update on public.conversations
  for each row execute function private.touch_updated_at();
create trigger messages_touch before update on public.messages
  for each row execute function private.touch_updated_at();

-- ---------------------------------------------------------------------------
-- Row level security
-- ---------------------------------------------------------------------------
alter table public.whatsapp_channels enable row level security;
alter table public.contacts enable row level security;
alter table public.conversations enable row level security;
alter table public.messages enable row level security;
alter table public.webhook_events enable row level security;

create policy channels_select on public.whatsapp_channels for select to authenticated
  using (private.is_member(workspace_id));
create policy channels_insert on public.whatsapp_channels for insert to authenticated
  with check (private.is_admin(workspace_id));
create policy channels_update on public.whatsapp_channels for update to authenticated
  using (private.is_admin(workspace_id)) with check (private.is_admin(workspace_id));
create policy channels_delete on public.whatsapp_channels for delete to authenticated
  using (private.is_admin(workspace_id));

create policy contacts_select on public.contacts for select to authenticated
  using (private.is_member(workspace_id));
create policy contacts_insert on public.contacts for insert to authenticated
  with check (private.is_member(workspace_id));
create policy contacts_update on public.contacts for update to authenticated
  using (private.is_member(workspace_id)) with check (private.is_member(workspace_id));
create policy contacts_delete on public.contacts for delete to authenticated
  using (private.is_admin(workspace_id));

create policy conversations_select on public.conversations for select to authenticated
  using (private.is_member(workspace_id));
create policy conversations_insert on public.conversations for insert to authenticated
  with check (private.is_member(workspace_id));
create policy conversations_update on public.conversations for update to authenticated
  using (private.is_member(workspace_id)) with check (private.is_member(workspace_id));
create policy conversations_delete on public.conversations for delete to authenticated
  using (private.is_admin(workspace_id));

create policy messages_select on public.messages for select to authenticated
  using (private.is_member(workspace_id));
create policy messages_insert on public.messages for insert to authenticated
  with check (private.is_member(workspace_id));
create policy messages_update on public.messages for update to authenticated
  using (private.is_member(workspace_id)) with check (private.is_member(workspace_id));

-- The raw log is for admins; only webhooks and workers (service role) write it.
create policy webhook_events_select on public.webhook_events for select to authenticated
  using (private.is_admin(workspace_id));

-- Members may see a number's public fields, never its secrets.
grant select (id, workspace_id, provider, phone_number_id, waba_id, display_phone_number, name,
  connection_type, status, created_at, updated_at) on public.whatsapp_channels to authenticated;
grant insert, update, delete on public.whatsapp_channels to authenticated;
grant select, insert, update, delete on public.contacts, public.conversations to authenticated;
grant select, insert, update on public.messages to authenticated;
grant select on public.webhook_events to authenticated;
grant all on public.whatsapp_channels, public.contacts, public.conversations, public.messages,
  public.webhook_events to service_role;
