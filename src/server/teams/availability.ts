import "server-only";
import { z } from "zod";
import type { Availability } from "@/lib/availability";
import { asService, type Tx } from "@/server/db/client";
import { defineJob } from "@/server/jobs/define";
import { logger } from "@/server/log";

/**
 * How long after the last heartbeat an agent counts as gone (browser
 * closed, laptop asleep). Tabs beat every minute (HEARTBEAT_SECONDS), and a
 * throttled background tab may skip a beat or two: five minutes keeps a
 * working agent online, and a gone one stops getting conversations soon.
 */
export const PRESENCE_TIMEOUT_MINUTES = 5;
export const HEARTBEAT_SECONDS = 60;

/** The signed-in agent chooses their availability (and is present: they are using the app). */
export async function setMyAvailability(tx: Tx, workspaceId: string, availability: Availability) {
  await tx`select public.set_my_availability(${workspaceId}, ${availability})`;
}

/** A tab of the signed-in agent is open. */
export async function touchMyPresence(tx: Tx, workspaceId: string) {
  await tx`select public.touch_my_presence(${workspaceId})`;
}

/** Each member's effective availability: their choice while present, offline otherwise (or never set). */
export async function memberAvailabilities(tx: Tx, workspaceId: string): Promise<Map<string, Availability>> {
  const rows = await tx<{ user_id: string; availability: Availability }[]>`
    select user_id, case when present then availability else 'offline' end as availability
    from public.member_availability where workspace_id = ${workspaceId}`;
  return new Map(rows.map((row) => [row.user_id, row.availability]));
}

/** The signed-in member's own availability as they chose it. */
export async function myAvailability(tx: Tx, workspaceId: string): Promise<Availability> {
  const [row] = await tx<{ availability: Availability }[]>`
    select case when present then availability else 'offline' end as availability
    from public.member_availability where workspace_id = ${workspaceId} and user_id = auth.uid()`;
  return row?.availability ?? "offline";
}

/** Members whose tabs have been silent past the timeout count as offline (until their next heartbeat). */
export async function expireStalePresence(tx: Tx, now: Date): Promise<number> {
  const rows = await tx`
    update public.member_availability set present = false
    where present and last_seen_at < ${now}::timestamptz - make_interval(mins => ${PRESENCE_TIMEOUT_MINUTES})
    returning user_id`;
  return rows.length;
}

export const presenceSweepJob = defineJob({
  name: "teams.presence-sweep",
  payload: z.object({}),
  options: { policy: "singleton", retryLimit: 1, retryDelay: 30 },
  schedule: "* * * * *",
  run: async () => {
    const expired = await asService((tx) => expireStalePresence(tx, new Date()));
    if (expired > 0) logger.info({ expired }, "members without a heartbeat are offline");
  },
});
