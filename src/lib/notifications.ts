/** Notification kinds and the member's preferences for each (shared by the centre, the profile page and the server). */

export const NOTIFICATION_KINDS = ["mention", "assignment", "queue", "customer_reply"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Where a kind reaches the member: the bell (without it nothing is made), the browser's notifications, a sound. */
export interface NotificationChannels {
  in_app: boolean;
  browser: boolean;
  sound: boolean;
}

export type NotificationPreferences = Record<NotificationKind, NotificationChannels>;

/** What a member who never changed anything gets. */
export const DEFAULT_CHANNELS: NotificationChannels = { in_app: true, browser: true, sound: false };

/** Where a notification leads: the conversation, at the message when there is one (the thread's bubbles are `message-<id>`). */
export function notificationHref(n: { conversation_id: string; message_id: string | null }): string {
  return n.message_id ? `/inbox/${n.conversation_id}#message-${n.message_id}` : `/inbox/${n.conversation_id}`;
}
