-- Workspace API keys: a request with a key runs as role `authenticated`
-- with claims naming the workspace and the key (sub = key id, api_key =
-- true), so every RLS policy that asks private.is_member() answers for the
-- key's workspace only. Read keys additionally run in READ ONLY
-- transactions (src/server/db/client.ts): the database itself refuses writes.

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 80),
  -- The first characters of the key, shown so people can tell keys apart.
  prefix text not null check (prefix ~ '^cv_[A-Za-z0-9]{8}$'),
  -- SHA-256 of the whole key (hex). The key itself is never stored: it is
  -- 256 random bits, so a fast hash is enough (no dictionary to guess from).
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  scope text not null check (scope in ('read', 'write')),
  rate_limit_per_minute integer not null default 600 check (rate_limit_per_minute between 1 and 100000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid references auth.users (id) on delete set null,
  -- Fixed one-minute window of the rate limit, kept on the key's row so every
  -- app instance shares it; bumped by the same statement that authenticates.
  rate_window_start timestamptz,
  rate_window_count integer not null default 0,
  unique (workspace_id, id)
);
create index api_keys_workspace_idx on public.api_keys (workspace_id, created_at desc);

-- The API key a request acts as, or null for a signed-in user.
create function private.api_key_id() returns uuid
language sql stable set search_path = '' as $$
  select case when coalesce(auth.jwt() ->> 'api_key', '') = 'true' then auth.uid() end
$$;

-- Members, and now unrevoked API keys of the workspace. The key's row is
-- checked here too, so a revoked key loses access at once, even mid-request.
create or replace function private.is_member(ws uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select case
    when private.api_key_id() is null then exists (
      select 1 from public.workspace_members m
      where m.workspace_id = ws and m.user_id = auth.uid()
    )
    else exists (
      select 1 from public.api_keys k
      where k.id = private.api_key_id() and k.workspace_id = ws and k.revoked_at is null
    )
  end
$$;

grant execute on function private.api_key_id() to authenticated, service_role;

-- Who sent a message through the API.
alter table public.messages add column sender_api_key_id uuid references public.api_keys (id) on delete set null;

-- As before (20261124100000_crm_contacts.sql), plus sends through the API:
-- sender_type 'api' naming the key the request authenticated with, never a user.
create or replace function private.guard_message_write() returns trigger
language plpgsql set search_path = '' as $$
begin
  if current_user <> 'authenticated' then
    return new;
  end if;
  if tg_op = 'INSERT' then
    if new.direction <> 'outbound' or (new.status <> 'pending' and new.type <> 'note') or new.wamid is not null
       or not (
         (private.api_key_id() is null and new.sender_type = 'agent' and new.sender_user_id is not distinct from auth.uid()
          and new.sender_api_key_id is null)
         or (private.api_key_id() is not null and new.sender_type = 'api' and new.type <> 'note'
             and new.sender_user_id is null and new.sender_api_key_id is not distinct from private.api_key_id())
       ) then
      raise exception 'members may only write their own pending outbound messages and notes'
        using errcode = 'CV403';
    end if;
  elsif new.wamid is distinct from old.wamid or new.direction <> old.direction
        or new.conversation_id <> old.conversation_id or new.sender_user_id is distinct from old.sender_user_id
        or new.sender_api_key_id is distinct from old.sender_api_key_id then
    raise exception 'a message''s identity cannot be changed' using errcode = 'CV403';
  -- Delivery states come from the provider; a member may only send a failed message again.
  elsif new.status is distinct from old.status and not (old.status = 'failed' and new.status = 'pending') then
    raise exception 'a message''s delivery state comes from WhatsApp' using errcode = 'CV403';
  end if;
  return new;
end
$$;

-- Timeline events name the acting user (auth.uid() in the CRM's triggers);
-- a request with an API key has no user, so the event names the key instead.
create function private.contact_event_api_actor() returns trigger
language plpgsql set search_path = '' as $$
begin
  if private.api_key_id() is not null and new.actor_id is not distinct from private.api_key_id() then
    new.actor_id := null;
    new.data := new.data || jsonb_build_object('api_key_id', private.api_key_id());
  end if;
  return new;
end
$$;

create trigger contact_events_api_actor before insert on public.contact_events
  for each row execute function private.contact_event_api_actor();

alter table public.api_keys enable row level security;

-- Admins manage keys; a key never sees keys (it is not an admin).
create policy api_keys_select on public.api_keys for select to authenticated
  using (private.is_admin(workspace_id));
create policy api_keys_insert on public.api_keys for insert to authenticated
  with check (private.is_admin(workspace_id) and created_by = auth.uid());
-- Only live keys can be changed: a revoked key stays revoked.
create policy api_keys_update on public.api_keys for update to authenticated
  using (private.is_admin(workspace_id) and revoked_at is null) with check (private.is_admin(workspace_id));

-- The hash and the rate-limit counters are the server's (service role) only;
-- admins may only revoke.
grant select (id, workspace_id, name, prefix, scope, rate_limit_per_minute, created_by, created_at, last_used_at,
              revoked_at, revoked_by)
  on public.api_keys to authenticated;
grant insert (workspace_id, name, prefix, key_hash, scope, created_by) on public.api_keys to authenticated;
grant update (revoked_at, revoked_by) on public.api_keys to authenticated;
grant all on public.api_keys to service_role;
