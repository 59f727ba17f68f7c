-- Server-side sessions for local auth mode (issue 18, item 9). The session
-- cookie's JWT names its row (`session_id`, GoTrue's claim name); the proxy
-- and the server check that the row is live on each request, so signing
-- out, "sign out everywhere" and a password change end a session at once,
-- and a copied cookie stops working with it. Supabase mode keeps its
-- sessions in GoTrue (auth.sessions) and does not use this table.
create table private.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  user_agent text,
  ip text
);
-- "Sign out everywhere" and a password change revoke a user's live sessions.
create index sessions_user_live_idx on private.sessions (user_id) where revoked_at is null;
-- Pruning of expired and revoked rows.
create index sessions_expires_idx on private.sessions (expires_at);

-- Only the server reads and writes sessions (the service role in
-- transactions, the owner for the per-request primary-key lookup); no
-- policy, so nothing acting for a browser or an API key can see them.
alter table private.sessions enable row level security;
grant select, insert, update, delete on private.sessions to service_role;

-- A changed password ends every session of the account, whatever changed it
-- (a future change-password form, an admin in SQL). Sign-in starts a new one.
create function private.revoke_sessions_on_password_change() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update private.sessions set revoked_at = now() where user_id = new.id and revoked_at is null;
  return null;
end;
$$;
revoke execute on function private.revoke_sessions_on_password_change() from public;

create trigger revoke_sessions_on_password_change
  after update of encrypted_password on auth.users
  for each row when (old.encrypted_password is distinct from new.encrypted_password)
  execute function private.revoke_sessions_on_password_change();
