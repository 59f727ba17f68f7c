-- Canned responses (issue 21): saved replies an agent inserts in the
-- composer by a short code such as /thanks. Workspace-wide ones
-- (owner_id null) are managed by admins; personal ones by their owner alone
-- and seen by nobody else. Codes are unique per scope: one workspace-wide
-- /thanks, and one per person beside it.
create table public.canned_responses (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  owner_id uuid references auth.users (id) on delete cascade,
  code text not null check (code ~ '^/[a-z0-9][a-z0-9_-]{0,31}$'),
  title text not null check (length(title) between 1 and 80),
  body text not null check (length(body) between 1 and 4096),
  usage_count integer not null default 0,
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index canned_responses_workspace_code_idx on public.canned_responses (workspace_id, code) where owner_id is null;
create unique index canned_responses_personal_code_idx on public.canned_responses (workspace_id, owner_id, code) where owner_id is not null;

create trigger canned_responses_touch before update on public.canned_responses
  for each row execute function private.touch_updated_at();

alter table public.canned_responses enable row level security;
create policy canned_responses_select on public.canned_responses for select to authenticated
  using (workspace_id in (select private.member_workspaces()) and (owner_id is null or owner_id = (select auth.uid())));
create policy canned_responses_insert on public.canned_responses for insert to authenticated
  with check (
    workspace_id in (select private.member_workspaces())
    and (owner_id = (select auth.uid()) or (owner_id is null and workspace_id in (select private.admin_workspaces())))
  );
create policy canned_responses_update on public.canned_responses for update to authenticated
  using (
    workspace_id in (select private.member_workspaces())
    and (owner_id = (select auth.uid()) or (owner_id is null and workspace_id in (select private.admin_workspaces())))
  )
  with check (
    workspace_id in (select private.member_workspaces())
    and (owner_id = (select auth.uid()) or (owner_id is null and workspace_id in (select private.admin_workspaces())))
  );
create policy canned_responses_delete on public.canned_responses for delete to authenticated
  using (
    workspace_id in (select private.member_workspaces())
    and (owner_id = (select auth.uid()) or (owner_id is null and workspace_id in (select private.admin_workspaces())))
  );
grant select, insert, update, delete on public.canned_responses to authenticated;
grant all on public.canned_responses to service_role;

-- Any member who may read a response counts a use of it (agents cannot
-- update workspace-wide rows, so this is the one write they get), and only
-- the counters change.
create function public.record_canned_use(response uuid) returns void
language sql security definer set search_path = '' as $$
  update public.canned_responses c set usage_count = c.usage_count + 1, last_used_at = now()
  where c.id = response
    and c.workspace_id in (select private.member_workspaces())
    and (c.owner_id is null or c.owner_id = auth.uid())
$$;
revoke execute on function public.record_canned_use(uuid) from public;
grant execute on function public.record_canned_use(uuid) to authenticated;
