-- What the importer chose in the preview, kept with the import so the job
-- does exactly what the preview showed:
--   status_map: each status value of the file (as written) → a stage key,
--               or null for "leave the status out";
--   overwrite:  the fields (import targets) whose file values may replace a
--               contact's non-empty value; the others only fill empty ones.
alter table public.contact_imports
  add column status_map jsonb not null default '{}'::jsonb,
  add column overwrite text[] not null default '{}',
  add column warned_count integer not null default 0;

-- A report line is either a skipped row or a row imported without a field
-- it had a problem with (an invalid email): `imported` tells them apart.
alter table public.contact_import_skips
  add column imported boolean not null default false;
