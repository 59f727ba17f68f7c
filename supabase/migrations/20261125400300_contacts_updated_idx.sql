-- GET /api/v1/contacts lists by last change (integrations sync with
-- updated_since and a cursor): without this index every page sorted all of
-- the workspace's contacts.
create index contacts_updated_idx on public.contacts (workspace_id, updated_at desc, id desc);
