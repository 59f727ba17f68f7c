import "server-only";
import { z } from "zod";
import { asService, type Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { defineJob } from "@/server/jobs/define";
import { logger } from "@/server/log";

/**
 * Auto-assignment itself is SQL (migration 20261206110050): deferred
 * triggers assign a team's queue when a transaction that changed it
 * commits (a conversation entered it, an agent became free or came online,
 * the cap was raised), under the team row's lock. This file holds what the
 * app asks of it: moving a conversation to a team, and the sweep.
 */

/** Moves a conversation to a team (null: no team). Unassigned, it joins the team's queue. */
export async function setConversationTeam(tx: Tx, scope: { workspaceId: string }, conversationId: string, teamId: string | null) {
  if (teamId) {
    const [team] = await tx`select 1 from public.teams where workspace_id = ${scope.workspaceId} and id = ${teamId}`;
    if (!team) throw new AppError("invalid", "errors.teams.notInWorkspace");
  }
  const rows = await tx`
    update public.conversations set team_id = ${teamId}
    where workspace_id = ${scope.workspaceId} and id = ${conversationId}
    returning id`;
  if (rows.length === 0) throw new AppError("not_found", "errors.inbox.conversationNotFound");
  // Assign now rather than at commit, so the caller's answer (the API's PATCH) shows who got it.
  await tx`set constraints public.conversations_assign_update immediate`;
}

/**
 * Assigns every auto-assigning team's queue. The triggers do it as things
 * change; this catches what they skipped (a queued row another transaction
 * held at that moment) and anything changed outside them.
 */
export async function assignAllQueues(tx: Tx): Promise<number> {
  const [row] = await tx<{ assigned: number }[]>`
    select coalesce(sum(private.assign_team_queue(t.id)), 0)::int as assigned from public.teams t
    where t.auto_assign
      and exists (select 1 from public.conversations c where c.team_id = t.id and c.assigned_to is null and c.status = 'open')`;
  return row?.assigned ?? 0;
}

export const assignmentSweepJob = defineJob({
  name: "teams.assignment-sweep",
  payload: z.object({}),
  options: { policy: "singleton", retryLimit: 1, retryDelay: 30 },
  schedule: "* * * * *",
  run: async () => {
    const assigned = await asService(assignAllQueues);
    if (assigned > 0) logger.info({ assigned }, "queued conversations assigned by the sweep");
  },
});
