import "server-only";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import type { RecordedToolCall } from "./converse";

export const RUN_OUTCOMES = ["running", "replied", "handed_off", "no_reply", "superseded", "failed", "budget_exhausted"] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export type RunListItem = With<
  Pick<
    Row<"ai_runs">,
    | "id"
    | "conversation_id"
    | "outcome"
    | "model"
    | "attempts"
    | "prompt_tokens"
    | "completion_tokens"
    | "latency_ms"
    | "tool_calls"
    | "error"
    | "created_at"
  >,
  { outcome: RunOutcome; tool_calls: RecordedToolCall[] }
> & { contact_name: string | null; trigger_count: number };

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
