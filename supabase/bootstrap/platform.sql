-- Makes a plain PostgreSQL 15+ database look like a Supabase one, so the
-- migrations in supabase/migrations apply unchanged to both.
--
-- Applied only where the database is NOT Supabase (the embedded default, or a
-- DATABASE_URL that points at vanilla Postgres), by a superuser, before the
-- migrations. Idempotent: safe to run on every start.
--
-- What hosted Supabase provides and this file recreates:
--   * roles anon, authenticated, service_role (BYPASSRLS) and a non-superuser
--     "postgres" role that owns the migrations, as on Supabase;
--   * schema auth with auth.users and GoTrue's auth.uid/role/email/jwt;
--   * schema extensions (where pg_trgm and pgcrypto go);
--   * publication supabase_realtime, and the part of Realtime's schema that
--     Broadcast from Database writes to (realtime.messages, realtime.send,
--     realtime.topic): the schema owned by the superuser that applies this
--     file (supabase_admin in the embedded cluster), its objects by
--     supabase_realtime_admin, as on Supabase.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  -- On Supabase "postgres" is the role migrations and server code connect
  -- with; it is not a superuser there, and it is not one here either.
  if not exists (select 1 from pg_roles where rolname = 'postgres') then
    create role postgres login createrole createdb;
  end if;
end
$$;

grant anon, authenticated, service_role to postgres;

do $$
begin
  execute format('grant connect, create, temporary on database %I to postgres', current_database());
end
$$;

grant usage, create on schema public to postgres;
grant usage on schema public to anon, authenticated, service_role;

create schema if not exists extensions;
grant usage, create on schema extensions to postgres;
grant usage on schema extensions to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- auth: the subset of GoTrue's schema the app and its migrations rely on.
-- ---------------------------------------------------------------------------
create schema if not exists auth;
grant usage on schema auth to postgres, anon, authenticated, service_role;

create table if not exists auth.users (
  instance_id uuid,
  id uuid primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  recovery_token varchar(255),
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  phone text,
  banned_until timestamptz,
  deleted_at timestamptz,
  is_sso_user boolean not null default false,
  is_anonymous boolean not null default false
);
-- Columns of GoTrue's that it reads as non-null strings: a row seeded with
-- NULL there (supabase/seed.sql on the local stack) cannot sign in.
alter table auth.users add column if not exists email_change_token_new varchar(255);
alter table auth.users add column if not exists email_change varchar(255);
-- GoTrue's own partial unique index on email.
create unique index if not exists users_email_partial_key
  on auth.users (email) where (is_sso_user = false);

grant all on auth.users to postgres;
grant select, insert, update, delete on auth.users to service_role;

-- GoTrue's current helper bodies: claims come from request.jwt.claims (set
-- per transaction, as PostgREST does), with the legacy per-claim settings
-- as a fallback.
create or replace function auth.uid() returns uuid
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.email() returns text
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

create or replace function auth.jwt() returns jsonb
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt()
  to postgres, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Realtime publication (Supabase creates it empty).
-- ---------------------------------------------------------------------------
do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;

-- ---------------------------------------------------------------------------
-- Realtime's Broadcast from Database: the table Supabase's Realtime server
-- reads broadcasts from and authorizes subscribers against (RLS policies on
-- it, with the channel's topic in realtime.topic()), and realtime.send with
-- the body Supabase ships (topic set for the transaction, errors turned into
-- warnings so a broadcast never fails the write that caused it). Supabase
-- partitions the table by day and drops old partitions; here nothing writes
-- to it unless broadcasting is turned on (private.platform_settings).
-- ---------------------------------------------------------------------------
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'supabase_realtime_admin') then
    create role supabase_realtime_admin nologin noinherit;
  end if;
end
$$;
grant supabase_realtime_admin to postgres;

-- Supabase's own schemas belong to supabase_admin; `supabase db reset
-- --remote` keeps only those and drops every other schema. Databases
-- bootstrapped before this line had it owned by supabase_realtime_admin.
create schema if not exists realtime;
alter schema realtime owner to current_user;
grant usage, create on schema realtime to supabase_realtime_admin;
grant usage on schema realtime to postgres, anon, authenticated, service_role;

create table if not exists realtime.messages (
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp without time zone not null default now(),
  inserted_at timestamp without time zone not null default now(),
  id uuid not null default gen_random_uuid(),
  primary key (id, inserted_at)
);
alter table realtime.messages owner to supabase_realtime_admin;
alter table realtime.messages enable row level security;
grant select, insert, update on realtime.messages to authenticated, anon;
grant all on realtime.messages to postgres, service_role;

create or replace function realtime.topic() returns text
language sql stable as $$
  select nullif(current_setting('realtime.topic', true), '')::text
$$;
alter function realtime.topic() owner to supabase_realtime_admin;

create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void
language plpgsql as $$
declare
  generated_id uuid := gen_random_uuid();
begin
  begin
    execute format('set local realtime.topic to %L', topic);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (generated_id,
            case when payload ? 'id' then payload else jsonb_set(payload, '{id}', to_jsonb(generated_id)) end,
            event, topic, private, 'broadcast');
  exception
    when others then
      raise warning 'ErrorSendingBroadcastMessage: %', sqlerrm;
  end;
end
$$;
alter function realtime.send(jsonb, text, text, boolean) owner to supabase_realtime_admin;
grant execute on function realtime.topic() to postgres, anon, authenticated, service_role;
grant execute on function realtime.send(jsonb, text, text, boolean) to postgres, service_role;
