import "server-only";
import type { AuditAction } from "@/lib/audit-actions";
import type { Tx } from "@/server/db/client";

export interface AuditEntryInput {
  workspaceId: string;
  action: AuditAction;
  /** What was acted on: a member, an invitation, a contact… */
  target?: { type: string; id: string; label?: string | null };
  /** Before/after values and anything else worth keeping; no secrets. */
  details?: Record<string, unknown>;
  /**
   * Only for service-role transactions that act for someone not signed in
   * (accepting an invitation). Signed-in users are always recorded as
   * themselves: the database takes the actor from the session's claims.
   */
  actorId?: string;
}

/**
 * Records one audit entry in the caller's transaction, so the entry exists
 * exactly when the change it describes was committed. Call it from the
 * domain function that makes the change, after the change succeeded.
 */
export async function recordAudit(tx: Tx, entry: AuditEntryInput): Promise<void> {
  await tx`
    select private.record_audit(${entry.workspaceId}, ${entry.action}, ${entry.target?.type ?? null},
      ${entry.target?.id ?? null}, ${entry.target?.label ?? null}, ${tx.json((entry.details ?? {}) as never)},
      ${entry.actorId ?? null})`;
}
