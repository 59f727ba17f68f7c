-- Workspace settings beyond name and phone country: the time zone its days
-- are counted in (dashboard, business hours) and its opening hours.

-- pg_timezone_names reads the zone files: fine for a CHECK on a rarely
-- written row, never call it per row of a large table.
create function private.is_time_zone(tz text) returns boolean
language sql stable set search_path = '' as $$
  select exists (select 1 from pg_catalog.pg_timezone_names where name = tz)
$$;

grant execute on function private.is_time_zone(text) to authenticated, service_role;

alter table public.workspaces
  add column time_zone text not null default 'UTC' check (private.is_time_zone(time_zone)),
  -- {"mon": {"open": "09:00", "close": "17:00"}, …}; a weekday that is
  -- missing is closed. The shape is checked by the server (zod), the type here.
  add column business_hours jsonb not null default
    '{"mon":{"open":"09:00","close":"17:00"},"tue":{"open":"09:00","close":"17:00"},"wed":{"open":"09:00","close":"17:00"},"thu":{"open":"09:00","close":"17:00"},"fri":{"open":"09:00","close":"17:00"}}'::jsonb
    check (jsonb_typeof(business_hours) = 'object');
