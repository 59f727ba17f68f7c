"use server";

import { z } from "zod";
import { NOTIFICATION_KINDS } from "@/lib/notifications";
import { defineAction } from "@/server/actions/define-action";
import { mentionableMembers as mentionable } from "@/server/notifications/mentions";
import { getNotificationPreferences as getPreferences, setNotificationPreference } from "@/server/notifications/preferences";
import { listNotifications as list, markNotificationsRead } from "@/server/notifications/queries";

const PAGE = 20;

export const listNotifications = defineAction(
  { name: "notifications.listNotifications", input: z.object({ before: z.string().max(100).nullish() }), role: "member" },
  ({ tx, actor, input }) => list(tx, actor, { before: input.before, limit: PAGE }),
);

/** Answers the unread count after. */
export const markRead = defineAction(
  {
    name: "notifications.markRead",
    input: z.union([z.object({ ids: z.array(z.uuid()).min(1).max(100) }), z.object({ all: z.literal(true) })]),
    role: "member",
  },
  ({ tx, actor, input }) => markNotificationsRead(tx, actor, input),
);

export const mentionableMembers = defineAction(
  { name: "notifications.mentionableMembers", input: z.object({ conversationId: z.uuid() }), role: "member" },
  async ({ tx, actor, input }) => ({ members: await mentionable(tx, actor.workspaceId, actor.userId, input.conversationId) }),
);

export const getNotificationPreferences = defineAction(
  { name: "notifications.getNotificationPreferences", input: z.object({}), role: "signed-in" },
  ({ tx, claims }) => getPreferences(tx, claims.sub),
);

export const setNotificationPreferences = defineAction(
  {
    name: "notifications.setNotificationPreferences",
    input: z.object({
      kind: z.enum(NOTIFICATION_KINDS),
      in_app: z.boolean(),
      browser: z.boolean(),
      sound: z.boolean(),
    }),
    role: "signed-in",
  },
  async ({ tx, claims, input: { kind, ...channels } }) => {
    await setNotificationPreference(tx, claims.sub, kind, channels);
    return getPreferences(tx, claims.sub);
  },
);
