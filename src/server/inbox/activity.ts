import "server-only";
import type { ActivityLine } from "@/lib/conversation-activity";
import type { Tx } from "@/server/db/client";

const ACTIVITY_COLUMNS = (tx: Tx) => tx`
  a.id, a.conversation_id, a.kind, a.actor_id, a.data,
  to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at`;

/**
 * A conversation's activity lines (assignments, statuses, snoozes, labels,
 * teams) written at or after `from` and before `until` (null: unbounded),
 * oldest first: the span of one page of the thread.
 */
export function listActivity(
  tx: Tx,
  workspaceId: string,
  conversationId: string,
  range: { from: string | null; until: string | null },
): Promise<ActivityLine[]> {
  return tx<ActivityLine[]>`
    select ${ACTIVITY_COLUMNS(tx)}
    from public.conversation_activity a
    where a.workspace_id = ${workspaceId} and a.conversation_id = ${conversationId}
      ${range.from ? tx`and a.created_at >= ${range.from}::text::timestamptz` : tx``}
      ${range.until ? tx`and a.created_at < ${range.until}::text::timestamptz` : tx``}
    order by a.created_at, a.id`;
}

/** Activity lines by id, oldest first (the live push reads each new line once; the caller filters by who may see it). */
export function readActivity(tx: Tx, workspaceId: string, ids: string[]): Promise<ActivityLine[]> {
  return tx<ActivityLine[]>`
    select ${ACTIVITY_COLUMNS(tx)} from public.conversation_activity a
    where a.workspace_id = ${workspaceId} and a.id = any(${ids}::uuid[])
    order by a.created_at, a.id`;
}
