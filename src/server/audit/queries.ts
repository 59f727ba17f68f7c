import "server-only";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";

export const AUDIT_PAGE_SIZE = 50;

export type AuditEntry = With<Omit<Row<"audit_log">, "workspace_id">, { details: Record<string, unknown> }>;

export interface AuditFilter {
  action?: string;
  actorId?: string;
  /** Keyset pagination on the entry id (ids only grow): older than `before`, or newer than `after`. */
  before?: string;
  after?: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Cursors for the neighbouring pages, null at either end. */
  older: string | null;
  newer: string | null;
}

/** A page of the workspace's audit log, newest first. RLS: admins only (others get an empty page). */
export async function listAuditEntries(tx: Tx, workspaceId: string, filter: AuditFilter = {}): Promise<AuditPage> {
  const forward = !filter.after;
  const cursor = filter.after ?? filter.before ?? null;
  const rows = await tx<AuditEntry[]>`
    select id::text, actor_id, actor_email, action, target_type, target_id, target_label, details, created_at
    from public.audit_log
    where workspace_id = ${workspaceId}
      ${filter.action ? tx`and action = ${filter.action}` : tx``}
      ${filter.actorId ? tx`and actor_id = ${filter.actorId}` : tx``}
      ${cursor ? (forward ? tx`and id < ${cursor}` : tx`and id > ${cursor}`) : tx``}
    order by audit_log.id ${forward ? tx`desc` : tx`asc`}
    limit ${AUDIT_PAGE_SIZE + 1}`;
  const more = rows.length > AUDIT_PAGE_SIZE;
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const entries = forward ? page : page.reverse();
  const first = entries[0]?.id ?? null;
  const last = entries.at(-1)?.id ?? null;
  return {
    entries,
    older: (forward ? more : cursor !== null) ? last : null,
    newer: (forward ? cursor !== null : more) ? first : null,
  };
}
