-- CSV imports of contacts. The uploaded file lives in Postgres, so any
-- instance's worker can run (and, after a crash, resume) the import; rows
-- are processed in chunks, each committed with the progress it made.

create table public.contact_imports (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  -- The importer: the job runs as them, so RLS and the timeline see who imported.
  created_by uuid not null references auth.users (id) on delete cascade,
  file_name text not null check (length(file_name) between 1 and 255),
  -- The file as uploaded, decoded from UTF-8 (byte order mark removed).
  csv text not null,
  delimiter text not null check (delimiter in (',', ';', E'\t')),
  headers text[] not null,
  -- The first data rows, for the preview, so it never reads the whole file again.
  preview_rows jsonb not null default '[]'::jsonb,
  total_rows integer not null check (total_rows >= 0),
  -- One entry per column: the field it fills ('name', 'phone', 'custom:<key>' …) or '' to ignore it.
  mapping jsonb,
  on_duplicate text not null default 'update' check (on_duplicate in ('update', 'skip')),
  status text not null default 'draft' check (status in ('draft', 'queued', 'running', 'done', 'failed')),
  processed_rows integer not null default 0,
  created_count integer not null default 0,
  updated_count integer not null default 0,
  skipped_count integer not null default 0,
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  unique (workspace_id, id)
);
create index contact_imports_recent_idx on public.contact_imports (workspace_id, created_at desc);

-- The report's skipped rows: the row number in the file, why, and its cells (to fix and import again).
create table public.contact_import_skips (
  workspace_id uuid not null,
  import_id uuid not null,
  row_number integer not null,
  reason text not null,
  cells text[] not null,
  primary key (workspace_id, import_id, row_number),
  foreign key (workspace_id, import_id) references public.contact_imports (workspace_id, id) on delete cascade
);

alter table public.contact_imports enable row level security;
alter table public.contact_import_skips enable row level security;

-- Every member sees the workspace's imports; only the importer writes theirs
-- (the job acts as them). Agents import too: they may add contacts one by one.
create policy contact_imports_select on public.contact_imports for select to authenticated
  using (private.is_member(workspace_id));
create policy contact_imports_insert on public.contact_imports for insert to authenticated
  with check (private.is_member(workspace_id) and created_by = auth.uid());
create policy contact_imports_update on public.contact_imports for update to authenticated
  using (private.is_member(workspace_id) and created_by = auth.uid())
  with check (private.is_member(workspace_id) and created_by = auth.uid());

create policy contact_import_skips_select on public.contact_import_skips for select to authenticated
  using (private.is_member(workspace_id));
create policy contact_import_skips_insert on public.contact_import_skips for insert to authenticated
  with check (
    private.is_member(workspace_id)
    and exists (
      select 1 from public.contact_imports i
      where i.workspace_id = contact_import_skips.workspace_id and i.id = contact_import_skips.import_id
        and i.created_by = auth.uid()
    )
  );

grant select, insert, update on public.contact_imports to authenticated;
grant select, insert on public.contact_import_skips to authenticated;
grant all on public.contact_imports, public.contact_import_skips to service_role;
