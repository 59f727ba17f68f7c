import "server-only";
import { z } from "zod";
import { type BusinessHours, businessHours } from "@/lib/business-hours";
import type { ConversationStatus } from "@/lib/conversation-status";
import { parseWallTime, SNOOZE_PRESETS, type SnoozeOption, snoozeOptions, snoozeUntil } from "@/lib/snooze";
import { asService, type Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import { defineJob } from "@/server/jobs/define";
import { logger } from "@/server/log";

/** Until when to snooze: a preset (computed now, on the workspace's clock), a wall-clock time there, or an instant. */
export const snoozeTime = z.union([
  z.object({ preset: z.enum(SNOOZE_PRESETS) }),
  z.object({ local: z.string().max(20) }),
  z.object({ until: z.iso.datetime({ offset: true }) }),
]);
export type SnoozeTime = z.infer<typeof snoozeTime>;

export type StatusChange = { status: Exclude<ConversationStatus, "snoozed"> } | { status: "snoozed"; snooze: SnoozeTime };

/** The workspace's clock: its time zone and business hours (Settings → Workspace). */
async function workspaceClock(tx: Tx, workspaceId: string): Promise<{ timeZone: string; hours: BusinessHours }> {
  const [row] = await tx<Pick<Row<"workspaces">, "time_zone" | "business_hours">[]>`
    select time_zone, business_hours from public.workspaces where id = ${workspaceId}`;
  if (!row) throw new AppError("not_found", "errors.workspaces.doesNotExist");
  const hours = businessHours.safeParse(row.business_hours);
  return { timeZone: row.time_zone, hours: hours.success ? hours.data : {} };
}

/** The snooze menu's presets with their wake times on the workspace's clock. */
export async function getSnoozeOptions(tx: Tx, workspaceId: string, now: Date = new Date()): Promise<SnoozeOption[]> {
  const clock = await workspaceClock(tx, workspaceId);
  return snoozeOptions(now, clock.timeZone, clock.hours);
}

/** The instant a snooze wakes at, on the workspace's clock; refused unless it is ahead of `now`. */
export async function wakeTime(tx: Tx, workspaceId: string, snooze: SnoozeTime, now: Date): Promise<Date> {
  let until: Date | null;
  if ("until" in snooze) {
    until = new Date(snooze.until);
  } else {
    const clock = await workspaceClock(tx, workspaceId);
    until = "preset" in snooze ? snoozeUntil(snooze.preset, now, clock.timeZone, clock.hours) : parseWallTime(snooze.local, clock.timeZone);
  }
  if (!until || Number.isNaN(until.getTime())) throw new AppError("invalid", "errors.inbox.chooseSnoozeUntil");
  if (until <= now) throw new AppError("invalid", "errors.inbox.snoozeInFuture");
  return until;
}

/**
 * Open, pending, snoozed until a time, or resolved: the one path of the
 * inbox and the API. The database keeps the stamps (resolved_at, a new cycle
 * on reopening, no wake time outside `snoozed`) and records the activity
 * with the actor of the transaction's claims.
 */
export async function setConversationStatus(
  tx: Tx,
  scope: { workspaceId: string },
  conversationId: string,
  change: StatusChange,
  now: Date = new Date(),
): Promise<void> {
  const until = change.status === "snoozed" ? await wakeTime(tx, scope.workspaceId, change.snooze, now) : null;
  const rows = await tx`
    update public.conversations set status = ${change.status}, snoozed_until = ${until}
    where workspace_id = ${scope.workspaceId} and id = ${conversationId}
    returning id`;
  if (rows.length === 0) throw new AppError("not_found", "errors.inbox.conversationNotFound");
}

/**
 * Snoozes that are due, woken in one statement across workspaces. The
 * snooze lives in the table, so a restart or a missed minute only delays
 * the wake-up to the next run; the activity trigger records each one.
 */
export async function wakeSnoozedConversations(): Promise<number> {
  const woken = await asService(
    (tx) => tx`
      update public.conversations set status = 'open'
      where status = 'snoozed' and snoozed_until <= now()
      returning id`,
  );
  return woken.length;
}

/** Every minute, once across all instances (pg-boss's cron and the singleton policy). */
export const wakeSnoozedJob = defineJob({
  name: "conversations.wake-snoozed",
  payload: z.object({}),
  options: { policy: "singleton", retryLimit: 2, retryDelay: 10 },
  schedule: "* * * * *",
  run: async () => {
    const woken = await wakeSnoozedConversations();
    if (woken > 0) logger.info({ woken }, "woke snoozed conversations");
  },
});
