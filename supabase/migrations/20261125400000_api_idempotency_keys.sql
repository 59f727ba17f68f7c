-- Idempotency-Key of POST /api/v1/messages, per API key, with a hash of the
-- request it first came with: a retry with the same body gets the first
-- answer, the same key with another body is refused instead of silently
-- answering for a message the caller did not ask for (IETF
-- draft-ietf-httpapi-idempotency-key-header: 422). The message's own
-- idempotency_key still makes the send unique; this row only remembers the request.

create table public.api_idempotency_keys (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  api_key_id uuid not null,
  key text not null check (length(key) between 1 and 200),
  -- SHA-256 (hex) of the validated request body.
  request_hash text not null check (request_hash ~ '^[0-9a-f]{64}$'),
  message_id uuid,
  created_at timestamptz not null default now(),
  primary key (workspace_id, api_key_id, key),
  foreign key (workspace_id, api_key_id) references public.api_keys (workspace_id, id) on delete cascade,
  foreign key (workspace_id, message_id) references public.messages (workspace_id, id) on delete cascade
);

alter table public.api_idempotency_keys enable row level security;

-- Only the API key itself sees and writes its keys.
create policy api_idempotency_keys_own on public.api_idempotency_keys
  for all to authenticated
  using (api_key_id = private.api_key_id() and private.is_member(workspace_id))
  with check (api_key_id = private.api_key_id() and private.is_member(workspace_id));

grant select, insert, update on public.api_idempotency_keys to authenticated;
grant all on public.api_idempotency_keys to service_role;
