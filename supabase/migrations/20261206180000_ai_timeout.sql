-- How long a call to the workspace's model server may take before it counts
-- as unreachable (the playground, a settings check, each assistant round).
-- Ten seconds: a chat answer that takes longer reads as broken to an agent,
-- and an unreachable server should say so quickly.
alter table public.ai_settings
  add column timeout_seconds integer not null default 10 check (timeout_seconds between 1 and 120);

-- ai_settings is readable column by column (the encrypted key is not): name the new one.
grant select (timeout_seconds) on public.ai_settings to authenticated;
