-- Connecting WhatsApp numbers from Settings → WhatsApp numbers: a workspace's
-- Kapso customer, the Kapso setup links we created (so a success callback can
-- be matched to the workspace and used once), and what the numbers page shows
-- about a channel's connection.

-- One Kapso customer per workspace (Kapso's "customer" is the business that
-- owns the numbers). Created on the first setup link.
create table public.kapso_customers (
  workspace_id uuid primary key references public.workspaces (id) on delete cascade,
  kapso_customer_id text not null,
  created_at timestamptz not null default now()
);
create index kapso_customers_customer_idx on public.kapso_customers (kapso_customer_id);

-- Setup links we asked Kapso for. `state` is our own nonce, carried in the
-- redirect URLs we gave Kapso; with Kapso's setup_link_id it ties a browser
-- callback to the link, its workspace and the admin who started it. A link
-- is used once (used_at): a replayed callback is refused.
create table public.kapso_setup_links (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  kapso_setup_link_id text not null,
  kapso_customer_id text not null,
  state text not null unique check (length(state) >= 32),
  provision_phone_number boolean not null default false,
  url text not null,
  expires_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  used_at timestamptz,
  channel_id uuid,
  unique (workspace_id, id),
  unique (workspace_id, kapso_setup_link_id),
  foreign key (workspace_id, channel_id) references public.whatsapp_channels (workspace_id, id) on delete set null (channel_id)
);

alter table public.whatsapp_channels
  add column connected_at timestamptz,
  add column disconnected_at timestamptz,
  -- Last four characters of the stored API key or token: all the browser ever sees of it.
  add column credentials_last4 text check (credentials_last4 is null or length(credentials_last4) <= 4),
  -- The webhook Kapso delivers this number's events through (registered by us).
  add column provider_webhook_id text;
update public.whatsapp_channels set connected_at = created_at where status <> 'disconnected';

alter table public.kapso_customers enable row level security;
alter table public.kapso_setup_links enable row level security;

create policy kapso_customers_select on public.kapso_customers for select to authenticated
  using (private.is_admin(workspace_id));
create policy kapso_customers_insert on public.kapso_customers for insert to authenticated
  with check (private.is_admin(workspace_id));
-- Replaced when Kapso no longer knows the customer (deleted on Kapso's side).
create policy kapso_customers_update on public.kapso_customers for update to authenticated
  using (private.is_admin(workspace_id)) with check (private.is_admin(workspace_id));

create policy kapso_setup_links_select on public.kapso_setup_links for select to authenticated
  using (private.is_admin(workspace_id));
create policy kapso_setup_links_insert on public.kapso_setup_links for insert to authenticated
  with check (private.is_admin(workspace_id) and created_by = auth.uid());
-- A link is marked used once (the claim's `used_at is null`), then names the
-- channel it connected; after that it cannot change.
create policy kapso_setup_links_update on public.kapso_setup_links for update to authenticated
  using (private.is_admin(workspace_id) and channel_id is null) with check (private.is_admin(workspace_id));

grant select, insert, update (kapso_customer_id) on public.kapso_customers to authenticated;
grant select, insert on public.kapso_setup_links to authenticated;
grant update (used_at, channel_id) on public.kapso_setup_links to authenticated;
grant all on public.kapso_customers, public.kapso_setup_links to service_role;
grant select (connected_at, disconnected_at, credentials_last4) on public.whatsapp_channels to authenticated;

-- The per-channel webhook token is a secret (it authenticates 360dialog's
-- webhooks and Meta's subscription handshake), so members cannot select it;
-- admins get it here to paste into the provider's dashboard.
create function private.channel_webhook_tokens(ws uuid)
returns table (channel_id uuid, webhook_token text)
language sql stable security definer set search_path = '' as $$
  select c.id, c.webhook_token from public.whatsapp_channels c
  where c.workspace_id = ws and private.is_admin(ws)
$$;
revoke all on function private.channel_webhook_tokens(uuid) from public;
grant execute on function private.channel_webhook_tokens(uuid) to authenticated;
