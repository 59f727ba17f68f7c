-- Broadcasts of a template with an image, video or document header: the file
-- chosen for it (kept in the app's media storage) and the provider's media id
-- it was uploaded as, once per broadcast (its one number), reused for every recipient.
alter table public.broadcasts
  add column header_media jsonb,
  add column header_media_id text;

comment on column public.broadcasts.header_media is '{storagePath, mimeType, filename, size} of the header''s file, for media-header templates';
comment on column public.broadcasts.header_media_id is 'The provider''s media id of header_media, uploaded once before the first send';
