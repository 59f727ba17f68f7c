-- The AI assistant: per-workspace settings, a record of every run, and the
-- conversation flags that stop it (a human took over, or it handed over).

create table public.ai_settings (
  workspace_id uuid primary key references public.workspaces (id) on delete cascade,
  enabled boolean not null default false,
  model text not null default 'gpt-4o-mini' check (length(btrim(model)) between 1 and 100),
  -- Any OpenAI-compatible server (a local Ollama, a proxy); null means OpenAI.
  base_url text check (base_url is null or base_url ~ '^https?://[^\s]+$'),
  -- AES-256-GCM by the server; only the last four characters are ever shown.
  api_key_encrypted text,
  api_key_last4 text,
  business_profile text not null default '' check (length(business_profile) <= 4000),
  instructions text not null default '' check (length(instructions) <= 4000),
  -- FAQ and knowledge snippets: [{"title": "...", "content": "..."}].
  knowledge jsonb not null default '[]'::jsonb check (jsonb_typeof(knowledge) = 'array'),
  handoff_on_request boolean not null default true,
  handoff_on_complaint boolean not null default true,
  handoff_on_orders boolean not null default true,
  handoff_out_of_scope boolean not null default true,
  -- Hand over after this many AI replies since a human last handled the conversation.
  max_ai_replies integer check (max_ai_replies between 1 and 100),
  holding_message text check (length(holding_message) <= 1000),
  -- Quiet time after the customer's last message before answering a burst together.
  debounce_seconds integer not null default 4 check (debounce_seconds between 0 and 60),
  history_messages integer not null default 20 check (history_messages between 1 and 100),
  -- Prompt plus completion tokens per calendar month (UTC); null is unlimited.
  monthly_token_budget integer check (monthly_token_budget > 0),
  updated_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now()
);

create trigger ai_settings_touch before update on public.ai_settings
  for each row execute function private.touch_updated_at();

alter table public.conversations
  -- The assistant stays out of this conversation until an agent turns it back on.
  add column ai_paused boolean not null default false,
  -- AI replies since an agent last turned the assistant on here (for "hand over after N replies").
  add column ai_replies integer not null default 0,
  -- Waiting for a person (the assistant handed over, or could not answer).
  add column needs_human boolean not null default false,
  add column needs_human_reason text,
  add column needs_human_at timestamptz;

create index conversations_needs_human_idx on public.conversations
  (workspace_id, last_message_at desc nulls last, id desc) where status = 'active' and needs_human;

create table public.ai_runs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  conversation_id uuid not null,
  -- When the newest message this run answers was stored: one run per set of
  -- customer messages, so a repeated job or webhook never answers twice.
  trigger_until timestamptz not null,
  trigger_message_ids uuid[] not null,
  model text not null,
  outcome text not null default 'running' check (outcome in (
    'running', 'replied', 'handed_off', 'no_reply', 'superseded', 'failed', 'budget_exhausted'
  )),
  attempts integer not null default 0,
  prompt_tokens integer not null default 0,
  completion_tokens integer not null default 0,
  latency_ms integer,
  tool_calls jsonb not null default '[]'::jsonb,
  reply_message_id uuid,
  error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  unique (workspace_id, conversation_id, trigger_until),
  foreign key (workspace_id, conversation_id) references public.conversations (workspace_id, id) on delete cascade
);
-- The runs log and the month's token use.
create index ai_runs_workspace_idx on public.ai_runs (workspace_id, created_at desc);
create index ai_runs_conversation_idx on public.ai_runs (conversation_id, trigger_until desc);

-- A human taking over stops the assistant: an agent's (or the phone app's)
-- reply, or assigning the conversation to a person. Done here so every path
-- that writes messages or assignments obeys it.
create function private.pause_ai_on_human_reply() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.conversations set ai_paused = true, needs_human = false, needs_human_reason = null, needs_human_at = null
  where workspace_id = new.workspace_id and id = new.conversation_id and (not ai_paused or needs_human);
  return null;
end
$$;

create trigger messages_pause_ai after insert on public.messages
  for each row when (new.direction = 'outbound' and new.sender_type in ('agent', 'business_app') and new.type <> 'note'
                    and not new.is_historical)
  execute function private.pause_ai_on_human_reply();

create function private.pause_ai_on_assignment() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.ai_paused := true;
  return new;
end
$$;

create trigger conversations_pause_ai before update of assigned_to on public.conversations
  for each row when (new.assigned_to is not null and new.assigned_to is distinct from old.assigned_to)
  execute function private.pause_ai_on_assignment();

-- ---------------------------------------------------------------------------
-- Row level security and privileges
-- ---------------------------------------------------------------------------
alter table public.ai_settings enable row level security;
alter table public.ai_runs enable row level security;

-- Members see whether the assistant is on (the inbox shows it); admins change it.
create policy ai_settings_select on public.ai_settings for select to authenticated
  using (private.is_member(workspace_id));
create policy ai_settings_insert on public.ai_settings for insert to authenticated
  with check (private.is_admin(workspace_id));
create policy ai_settings_update on public.ai_settings for update to authenticated
  using (private.is_admin(workspace_id)) with check (private.is_admin(workspace_id));

create policy ai_runs_select on public.ai_runs for select to authenticated
  using (private.is_admin(workspace_id));

-- The encrypted key is readable only by the server's own role.
grant select (workspace_id, enabled, model, base_url, api_key_last4, business_profile, instructions, knowledge,
              handoff_on_request, handoff_on_complaint, handoff_on_orders, handoff_out_of_scope, max_ai_replies,
              holding_message, debounce_seconds, history_messages, monthly_token_budget, updated_by, updated_at)
  on public.ai_settings to authenticated;
grant insert, update on public.ai_settings to authenticated;
grant select on public.ai_runs to authenticated;
grant all on public.ai_settings, public.ai_runs to service_role;
