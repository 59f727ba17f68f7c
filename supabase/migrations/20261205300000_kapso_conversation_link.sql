-- Kapso's conversation link (issue 24). The columns exist since the
-- messaging schema; what they hold is fixed here, for the API, the pages
-- and teams importing from their own Kapso CRM (docs/migrating.md).
-- Members read them through the table grants of 20261123000200_messaging.sql;
-- the webhook ingest (service_role) sets them; contact merges keep the kept one.

comment on column public.contacts.provider_conversation_id is
  'The first Kapso conversation id seen for this contact: set once (where null), never overwritten. Its link into Kapso''s inbox.';
comment on column public.conversations.provider_conversation_id is
  'The latest Kapso conversation id of this thread: Kapso opens a new conversation after one ends or goes inactive.';
comment on column public.kapso_setup_links.expires_at is
  'Until when Kapso accepts the setup link (expires_at of Kapso''s answer); shown on the numbers page with the Kapso customer.';


-- The numbers page tells numbers whose Kapso webhook we registered (setup
-- links) from those whose webhook the team set in Kapso itself (connected
-- as existing numbers). The id names a webhook on Kapso; it opens nothing.
grant select (provider_webhook_id) on public.whatsapp_channels to authenticated;
