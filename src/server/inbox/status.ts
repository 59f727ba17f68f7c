import "server-only";
import type { ConversationStatus } from "@/lib/conversation-status";
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";

export interface StatusChange {
  status: ConversationStatus;
  /** Required with `snoozed` (a moment in the future), refused otherwise. */
  snoozedUntil?: string | Date | null;
}

/**
 * Open, pending, snoozed until a time, or resolved: the one path of the
 * inbox and the API. The database keeps the stamps (resolved_at, a new cycle
 * on reopening, no wake time outside `snoozed`) and records the activity.
 */
export async function setConversationStatus(
  tx: Tx,
  scope: { workspaceId: string },
  conversationId: string,
  change: StatusChange,
  now: Date = new Date(),
): Promise<void> {
  const until = change.snoozedUntil ? new Date(change.snoozedUntil) : null;
  if (change.status === "snoozed") {
    if (!until || Number.isNaN(until.getTime())) throw new AppError("invalid", "Choose until when to snooze the conversation.");
    if (until <= now) throw new AppError("invalid", "Choose a time in the future to snooze until.");
  } else if (until) {
    throw new AppError("invalid", "Only a snoozed conversation has a time to wake up.");
  }
  const rows = await tx`
    update public.conversations set status = ${change.status}, snoozed_until = ${until}
    where workspace_id = ${scope.workspaceId} and id = ${conversationId}
    returning id`;
  if (rows.length === 0) throw new AppError("not_found", "This conversation does not exist or is not in this workspace.");
}
