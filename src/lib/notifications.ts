/** Notification kinds and the member's preferences for each (shared by the centre, the profile page and the server). */

export const NOTIFICATION_KINDS = ["mention", "assignment", "queue", "customer_reply"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, { title: string; description: string }> = {
  mention: { title: "Mentions", description: "A teammate @mentions you in an internal note." },
  assignment: { title: "Assignments", description: "A conversation is assigned to you, by a teammate or automatically." },
  queue: { title: "New conversations in your queue", description: "A customer starts a conversation your team (or anyone) may take." },
  customer_reply: { title: "Customer replies", description: "A customer writes in a conversation assigned to you." },
};

/** Where a kind reaches the member: the bell (without it nothing is made), the browser's notifications, a sound. */
export interface NotificationChannels {
  in_app: boolean;
  browser: boolean;
  sound: boolean;
}

export type NotificationPreferences = Record<NotificationKind, NotificationChannels>;

/** What a member who never changed anything gets. */
export const DEFAULT_CHANNELS: NotificationChannels = { in_app: true, browser: true, sound: false };

/** The sentence a notification shows. */
export function notificationTitle(kind: NotificationKind, who: { actor: string | null; contact: string | null }): string {
  const contact = who.contact ?? "a customer";
  switch (kind) {
    case "mention":
      return `${who.actor ?? "A teammate"} mentioned you in a note on ${contact}`;
    case "assignment":
      return who.actor ? `${who.actor} assigned you ${contact}` : `${contact} was assigned to you`;
    case "queue":
      return `New conversation from ${contact}`;
    case "customer_reply":
      return `${contact} replied`;
  }
}

/** Where a notification leads: the conversation, at the message when there is one (the thread's bubbles are `message-<id>`). */
export function notificationHref(n: { conversation_id: string; message_id: string | null }): string {
  return n.message_id ? `/inbox/${n.conversation_id}#message-${n.message_id}` : `/inbox/${n.conversation_id}`;
}
