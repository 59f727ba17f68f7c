-- Template management (issue 19): what the templates page shows and the
-- create form stores, beside what the sync and the webhooks already wrote.
--
-- channel_id: the number the template was last synced or submitted through
-- (a template belongs to the WhatsApp Business Account, which several of
-- the workspace's numbers may share; the page shows and filters by it).
-- quality: Meta's quality_score (GREEN, YELLOW, RED, UNKNOWN), from the list
-- and message_template_quality_update. parameter_format: POSITIONAL ({{1}})
-- or NAMED ({{first_name}}), which decides how a send names its values.
-- synced_at: when the provider last listed it to us.
alter table public.whatsapp_templates
  add column channel_id uuid,
  add column quality text,
  add column parameter_format text not null default 'POSITIONAL'
    constraint whatsapp_templates_parameter_format_check check (parameter_format in ('POSITIONAL', 'NAMED')),
  add column synced_at timestamptz,
  add constraint whatsapp_templates_channel_fkey
    foreign key (workspace_id, channel_id) references public.whatsapp_channels (workspace_id, id) on delete set null (channel_id);

-- The API's list: most recently changed first, keyset on (updated_at, id).
create index whatsapp_templates_updated_idx on public.whatsapp_templates (workspace_id, updated_at desc, id desc);
create index whatsapp_templates_channel_idx on public.whatsapp_templates (channel_id) where channel_id is not null;
