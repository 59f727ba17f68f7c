-- The language a workspace's members read the app in when their browser
-- asks for none the app speaks (src/lib/locales.ts). Each member's own
-- choice lives in their user metadata (`locale`), where GoTrue keeps
-- `full_name`, so it follows them across workspaces.
alter table public.workspaces
  add column default_locale text not null default 'en'
    check (default_locale in ('en', 'id', 'es', 'pt-BR'));
