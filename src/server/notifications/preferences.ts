import "server-only";
import {
  DEFAULT_CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationChannels,
  type NotificationKind,
  type NotificationPreferences,
} from "@/lib/notifications";
import type { Tx } from "@/server/db/client";

/** The signed-in user's preferences for every kind (RLS: their own rows only), defaults where unset. */
export async function getNotificationPreferences(tx: Tx, userId: string): Promise<NotificationPreferences> {
  const rows = await tx<(NotificationChannels & { kind: NotificationKind })[]>`
    select kind, in_app, browser, sound from public.notification_preferences where user_id = ${userId}`;
  const byKind = new Map(rows.map(({ kind, ...channels }) => [kind, channels]));
  return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, byKind.get(kind) ?? DEFAULT_CHANNELS])) as NotificationPreferences;
}

export async function setNotificationPreference(tx: Tx, userId: string, kind: NotificationKind, channels: NotificationChannels) {
  await tx`
    insert into public.notification_preferences ${tx({ user_id: userId, kind, ...channels })}
    on conflict (user_id, kind) do update
      set in_app = excluded.in_app, browser = excluded.browser, sound = excluded.sound`;
}
