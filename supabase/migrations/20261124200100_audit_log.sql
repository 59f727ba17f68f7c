-- The audit log: who did what to a workspace, and when. Admins read it;
-- nobody (not even the service role) updates or deletes an entry.

create table public.audit_log (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  -- No foreign key: an entry outlives its actor's account; the email is kept
  -- as it was when they acted.
  actor_id uuid,
  actor_email text,
  -- "<subject>.<verb>", e.g. member.role_changed, invitation.created.
  action text not null check (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  target_type text,
  target_id text,
  target_label text,
  details jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object'),
  created_at timestamptz not null default now()
);
-- The admin page: newest first per workspace, optionally one kind of action.
create index audit_log_workspace_idx on public.audit_log (workspace_id, id desc);
create index audit_log_action_idx on public.audit_log (workspace_id, action, id desc);

-- Privileges say "insert and read only"; the trigger also stops the table's
-- owner (and SECURITY DEFINER code). Deleting the whole workspace still
-- cascades: by then the workspace row is gone.
create function private.audit_log_immutable() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'DELETE' and not exists (select 1 from public.workspaces where id = old.workspace_id) then
    return old;
  end if;
  raise exception 'Audit log entries cannot be changed or deleted.' using errcode = 'CV403';
end
$$;

create trigger audit_log_immutable before update or delete on public.audit_log
  for each row execute function private.audit_log_immutable();
create trigger audit_log_no_truncate before truncate on public.audit_log
  for each statement execute function private.audit_log_immutable();

alter table public.audit_log enable row level security;

create policy audit_log_select on public.audit_log for select to authenticated
  using (private.is_admin(workspace_id));

revoke all on public.audit_log from anon, authenticated, service_role;
grant select on public.audit_log to authenticated;
grant select, insert on public.audit_log to service_role;

-- The one way entries are written. The actor is the signed-in user (never a
-- parameter they choose); only the service role, acting for someone who is
-- not signed in yet (accepting an invitation), names the actor. In the
-- private schema, so PostgREST does not expose it as an RPC.
create function private.record_audit(
  ws uuid,
  audit_action text,
  audit_target_type text default null,
  audit_target_id text default null,
  audit_target_label text default null,
  audit_details jsonb default '{}'::jsonb,
  service_actor uuid default null
) returns bigint
language plpgsql security definer set search_path = '' as $$
declare
  actor uuid := auth.uid();
  new_id bigint;
begin
  if auth.role() = 'authenticated' then
    if actor is null or not private.is_member(ws) then
      raise exception 'not a member of this workspace' using errcode = '42501';
    end if;
  elsif auth.role() = 'service_role' then
    actor := service_actor;
  else
    raise exception 'not allowed' using errcode = '42501';
  end if;
  insert into public.audit_log (workspace_id, actor_id, actor_email, action, target_type, target_id, target_label, details)
  values (ws, actor, (select u.email::text from auth.users u where u.id = actor), audit_action, audit_target_type,
          audit_target_id, audit_target_label, coalesce(audit_details, '{}'::jsonb))
  returning id into new_id;
  return new_id;
end
$$;

revoke execute on function private.record_audit(uuid, text, text, text, text, jsonb, uuid) from public, anon;
grant execute on function private.record_audit(uuid, text, text, text, text, jsonb, uuid) to authenticated, service_role;
