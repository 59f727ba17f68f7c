-- Invitations by email with a role: a link (with an unguessable token) that
-- an admin copies and sends; it expires, works once and can be revoked.
-- Accepting runs on the server as the service role (it may create the
-- invitee's account), so members never write accepted_* themselves.

create table public.workspace_invitations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  email text not null check (email = lower(btrim(email)) and email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  role public.member_role not null default 'agent',
  -- Kept readable (to admins only) so any admin can copy the link again
  -- later: there is no mail server to resend it. Short-lived and single use.
  token text not null unique default encode(extensions.gen_random_bytes(24), 'hex'),
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  revoked_at timestamptz,
  unique (workspace_id, id),
  check (accepted_at is null or revoked_at is null),
  check (expires_at > created_at)
);
-- One open invitation per address and workspace (a new one replaces it).
create unique index workspace_invitations_open_key on public.workspace_invitations (workspace_id, email)
  where accepted_at is null and revoked_at is null;
create index workspace_invitations_list_idx on public.workspace_invitations (workspace_id, created_at desc);

alter table public.workspace_invitations enable row level security;

create policy invitations_select on public.workspace_invitations for select to authenticated
  using (private.is_admin(workspace_id));
-- Only owners invite owners, as only owners grant the owner role.
create policy invitations_insert on public.workspace_invitations for insert to authenticated
  with check (
    private.is_admin(workspace_id) and invited_by = auth.uid() and accepted_at is null and revoked_at is null
    and (role <> 'owner' or private.has_role(workspace_id, array['owner']::public.member_role[]))
  );
create policy invitations_update on public.workspace_invitations for update to authenticated
  using (private.is_admin(workspace_id) and accepted_at is null)
  with check (private.is_admin(workspace_id));

revoke all on public.workspace_invitations from anon, authenticated;
grant select, insert (workspace_id, email, role, invited_by, expires_at) on public.workspace_invitations to authenticated;
-- Members may only revoke: every other column is the server's.
grant update (revoked_at) on public.workspace_invitations to authenticated;
grant all on public.workspace_invitations to service_role;

-- Leaving a workspace: any member may delete their own membership (the
-- member guard still keeps the last owner).
create policy members_leave on public.workspace_members for delete to authenticated
  using (user_id = auth.uid());
