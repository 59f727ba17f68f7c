import "server-only";
import type { Tx } from "@/server/db/client";
import type { RecordedToolCall } from "./converse";

export const RUN_OUTCOMES = ["running", "replied", "handed_off", "no_reply", "superseded", "failed", "budget_exhausted"] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export interface RunListItem {
  id: string;
  conversation_id: string;
  contact_name: string | null;
  outcome: RunOutcome;
  model: string;
  attempts: number;
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number | null;
  tool_calls: RecordedToolCall[];
  trigger_count: number;
  error: string | null;
  created_at: Date;
}

/** The newest runs, for admins (RLS shows agents none). */
export function listRuns(tx: Tx, workspaceId: string, limit: number) {
  return tx<RunListItem[]>`
    select r.id, r.conversation_id, coalesce(k.name, k.profile_name, k.phone_e164) as contact_name, r.outcome, r.model,
           r.attempts, r.prompt_tokens, r.completion_tokens, r.latency_ms, r.tool_calls,
           cardinality(r.trigger_message_ids) as trigger_count, r.error, r.created_at
    from public.ai_runs r
    join public.conversations c on c.workspace_id = r.workspace_id and c.id = r.conversation_id
    join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
    where r.workspace_id = ${workspaceId}
    order by r.created_at desc, r.id desc
    limit ${limit}`;
}
