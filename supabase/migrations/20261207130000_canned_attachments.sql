-- One optional file per canned response (issue 21), attached to the composer
-- when the response is chosen. The bytes live in media storage under
-- "<workspace id>/<attachment_id>"; these columns say what they are. The
-- row's RLS policies cover them: whoever may read the response may fetch its
-- file, whoever may change it may replace or remove the file.
alter table public.canned_responses
  add column attachment_id uuid,
  add column attachment_name text check (length(attachment_name) between 1 and 255),
  add column attachment_type text,
  add column attachment_size integer check (attachment_size > 0),
  add constraint canned_responses_attachment_whole check (
    (attachment_id is null) = (attachment_name is null)
    and (attachment_id is null) = (attachment_type is null)
    and (attachment_id is null) = (attachment_size is null)
  );
