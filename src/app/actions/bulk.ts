"use server";

import { z } from "zod";
import { conversationFilter } from "@/lib/conversation-filter";
import { defineAction } from "@/server/actions/define-action";
import { countTarget, runBulkAction, bulkTarget as target } from "@/server/inbox/bulk";
import { snoozeTime } from "@/server/inbox/status";

/**
 * The inbox's bulk bar: one Server Action per operation, each on the
 * selected ids or on everything the filter matches, one statement per
 * chunk and one audit entry (src/server/inbox/bulk.ts).
 */

const id = z.uuid();

export const bulkAssign = defineAction(
  { name: "bulk.assign", input: z.object({ target, assigneeId: id.nullable() }), role: "member" },
  ({ tx, actor, input }) =>
    runBulkAction(tx, actor, input.target, { kind: "assign", assigneeId: input.assigneeId }, { country: actor.country }),
);

export const bulkSetTeam = defineAction(
  { name: "bulk.setTeam", input: z.object({ target, teamId: id.nullable() }), role: "member" },
  ({ tx, actor, input }) => runBulkAction(tx, actor, input.target, { kind: "set_team", teamId: input.teamId }, { country: actor.country }),
);

export const bulkAddLabel = defineAction(
  { name: "bulk.addLabel", input: z.object({ target, labelId: id }), role: "member" },
  ({ tx, actor, input }) =>
    runBulkAction(tx, actor, input.target, { kind: "add_label", labelId: input.labelId }, { country: actor.country }),
);

export const bulkRemoveLabel = defineAction(
  { name: "bulk.removeLabel", input: z.object({ target, labelId: id }), role: "member" },
  ({ tx, actor, input }) =>
    runBulkAction(tx, actor, input.target, { kind: "remove_label", labelId: input.labelId }, { country: actor.country }),
);

export const bulkResolve = defineAction({ name: "bulk.resolve", input: z.object({ target }), role: "member" }, ({ tx, actor, input }) =>
  runBulkAction(tx, actor, input.target, { kind: "resolve" }, { country: actor.country }),
);

export const bulkReopen = defineAction({ name: "bulk.reopen", input: z.object({ target }), role: "member" }, ({ tx, actor, input }) =>
  runBulkAction(tx, actor, input.target, { kind: "reopen" }, { country: actor.country }),
);

/** Until a preset on the workspace's clock (as the thread's snooze menu), a time there, or an instant. */
export const bulkSnooze = defineAction(
  { name: "bulk.snooze", input: z.object({ target, snooze: snoozeTime }), role: "member" },
  ({ tx, actor, input }) => runBulkAction(tx, actor, input.target, { kind: "snooze", snooze: input.snooze }, { country: actor.country }),
);

export const bulkMarkRead = defineAction({ name: "bulk.markRead", input: z.object({ target }), role: "member" }, ({ tx, actor, input }) =>
  runBulkAction(tx, actor, input.target, { kind: "mark_read" }, { country: actor.country }),
);

export const bulkMarkUnread = defineAction(
  { name: "bulk.markUnread", input: z.object({ target }), role: "member" },
  ({ tx, actor, input }) => runBulkAction(tx, actor, input.target, { kind: "mark_unread" }, { country: actor.country }),
);

/** "Select all N matching": how many the filter (and search) matches. */
export const countMatching = defineAction(
  { name: "bulk.countMatching", input: z.object({ filter: conversationFilter, search: z.string().max(100).optional() }), role: "member" },
  ({ tx, actor, input }) => countTarget(tx, actor, input, actor.country),
);
