-- A user's profile picture. The image itself is in the media store (key
-- avatars/<user id>/<avatar id>, a new id per upload so browsers may cache a
-- version for good); this row says which one is current and its type, taken
-- from the file's bytes when it was uploaded. No row: initials.
create table public.user_avatars (
  user_id uuid primary key references auth.users (id) on delete cascade,
  avatar_id uuid not null,
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
  updated_at timestamptz not null default now()
);

alter table public.user_avatars enable row level security;

-- Your own picture, and those of the people you share a workspace with.
create policy user_avatars_select on public.user_avatars for select to authenticated
  using (user_id = (select auth.uid()) or user_id in (
    select m.user_id from public.workspace_members m where m.workspace_id in (select private.member_workspaces())));
create policy user_avatars_insert on public.user_avatars for insert to authenticated
  with check (user_id = (select auth.uid()));
create policy user_avatars_update on public.user_avatars for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy user_avatars_delete on public.user_avatars for delete to authenticated
  using (user_id = (select auth.uid()));

grant select, insert, update, delete on public.user_avatars to authenticated;
grant select, insert, update, delete on public.user_avatars to service_role;
