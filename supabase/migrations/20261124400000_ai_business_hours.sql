-- When the assistant answers, relative to the workspace's business hours
-- (workspaces.business_hours in workspaces.time_zone): always, only while
-- the team is away, or only while the team is in.
alter table public.ai_settings
  add column business_hours_mode text not null default 'always'
    check (business_hours_mode in ('always', 'outside_hours', 'within_hours'));

-- ai_settings is readable column by column (the encrypted key is not): name the new one.
grant select (business_hours_mode) on public.ai_settings to authenticated;
