-- Workspaces (tenants), their members, and the RLS helpers every other
-- table's policies use.

create extension if not exists pgcrypto with schema extensions;
create extension if not exists pg_trgm with schema extensions;

create schema if not exists private;
grant usage on schema private to authenticated, service_role;

create table public.workspaces (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 80),
  slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$'),
  -- ISO 3166-1 alpha-2 country used to read phone numbers written without
  -- a country code (0813… in Indonesia).
  default_country text not null default 'ID' check (default_country ~ '^[A-Z]{2}$'),
  settings jsonb not null default '{}'::jsonb,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create type public.member_role as enum ('owner', 'admin', 'agent');

create table public.workspace_members (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.member_role not null default 'agent',
  created_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
create index workspace_members_user_idx on public.workspace_members (user_id);

-- Membership checks run inside policies on every row, so they are
-- SECURITY DEFINER (no recursive RLS on workspace_members) and STABLE.
create function private.is_member(ws uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.workspace_members m
    where m.workspace_id = ws and m.user_id = auth.uid()
  )
$$;

create function private.has_role(ws uuid, roles public.member_role[]) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.workspace_members m
    where m.workspace_id = ws and m.user_id = auth.uid() and m.role = any (roles)
  )
$$;

create function private.is_admin(ws uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.has_role(ws, array['owner', 'admin']::public.member_role[])
$$;

grant execute on function private.is_member(uuid), private.has_role(uuid, public.member_role[]),
  private.is_admin(uuid) to authenticated, service_role;

create function private.touch_updated_at() returns trigger
language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create trigger workspaces_touch before update on public.workspaces
  for each row execute function private.touch_updated_at();

-- Creating a workspace and becoming its owner is one step: a plain INSERT
-- could not be read back (its creator is not a member yet when RETURNING is
-- checked), and a workspace must never exist without an owner.
create function public.create_workspace(ws_name text, ws_slug text, ws_default_country text default 'ID')
returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  new_id uuid;
begin
  if auth.uid() is null then
    raise exception 'not signed in' using errcode = '42501';
  end if;
  insert into public.workspaces (name, slug, default_country, created_by)
  values (ws_name, ws_slug, ws_default_country, auth.uid())
  returning id into new_id;
  insert into public.workspace_members (workspace_id, user_id, role)
  values (new_id, auth.uid(), 'owner');
  return new_id;
end
$$;

revoke execute on function public.create_workspace(text, text, text) from public, anon;
grant execute on function public.create_workspace(text, text, text) to authenticated;

-- Errors raised with SQLSTATE class CV carry messages written for users; the
-- server passes them on as they are (see src/server/errors.ts).
--
-- Rules RLS alone cannot say: only owners grant or take away the owner role,
-- and the last owner cannot leave or be demoted. Skipped for the service role
-- (seed, workers) and when the whole workspace is being deleted.
create function private.guard_member_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  ws uuid := coalesce(new.workspace_id, old.workspace_id);
  owners_left int;
begin
  if auth.role() is distinct from 'authenticated' then
    return coalesce(new, old);
  end if;
  if not exists (select 1 from public.workspaces where id = ws) then
    return coalesce(new, old);
  end if;
  if (tg_op <> 'DELETE' and new.role = 'owner') or (tg_op <> 'INSERT' and old.role = 'owner') then
    if not private.has_role(ws, array['owner']::public.member_role[])
       and exists (select 1 from public.workspace_members where workspace_id = ws and role = 'owner') then
      raise exception 'Only an owner can grant or remove the owner role.'
        using errcode = 'CV403';
    end if;
  end if;
  if tg_op <> 'INSERT' and old.role = 'owner' and (tg_op = 'DELETE' or new.role <> 'owner') then
    select count(*) into owners_left from public.workspace_members
      where workspace_id = ws and role = 'owner' and user_id <> old.user_id;
    if owners_left = 0 then
      raise exception 'A workspace must keep at least one owner.'
        using errcode = 'CV409';
    end if;
  end if;
  return coalesce(new, old);
end
$$;

create trigger workspace_members_guard before insert or update or delete on public.workspace_members
  for each row execute function private.guard_member_change();

alter table public.workspaces enable row level security;
alter table public.workspace_members enable row level security;

create policy workspaces_select on public.workspaces for select to authenticated
  using (private.is_member(id));
create policy workspaces_update on public.workspaces for update to authenticated
  using (private.is_admin(id)) with check (private.is_admin(id));
create policy workspaces_delete on public.workspaces for delete to authenticated
  using (private.has_role(id, array['owner']::public.member_role[]));

create policy members_select on public.workspace_members for select to authenticated
  using (private.is_member(workspace_id));
create policy members_insert on public.workspace_members for insert to authenticated
  with check (private.is_admin(workspace_id));
create policy members_update on public.workspace_members for update to authenticated
  using (private.is_admin(workspace_id)) with check (private.is_admin(workspace_id));
create policy members_delete on public.workspace_members for delete to authenticated
  using (private.is_admin(workspace_id));

grant select, update, delete on public.workspaces to authenticated;
grant select, insert, update, delete on public.workspace_members to authenticated;
grant all on public.workspaces, public.workspace_members to service_role;

-- Members' names and emails live in auth.users, which members cannot read
-- (on hosted Supabase neither). This returns just what a teammate may see.
create function public.list_workspace_members(ws uuid)
returns table (user_id uuid, email text, full_name text, role public.member_role, joined_at timestamptz)
language sql stable security definer set search_path = '' as $$
  select m.user_id, u.email::text, coalesce(u.raw_user_meta_data ->> 'full_name', split_part(u.email, '@', 1)),
         m.role, m.created_at
  from public.workspace_members m
  join auth.users u on u.id = m.user_id
  where m.workspace_id = ws and private.is_member(ws)
  order by m.created_at
$$;

revoke execute on function public.list_workspace_members(uuid) from public, anon;
grant execute on function public.list_workspace_members(uuid) to authenticated;
