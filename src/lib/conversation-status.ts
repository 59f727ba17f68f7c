/**
 * A conversation's triage status: open (someone should act), pending
 * (waiting on the customer), snoozed (until `snoozed_until`), resolved. A
 * customer message reopens any of the last three (the stats trigger).
 */
export const CONVERSATION_STATUSES = ["open", "pending", "snoozed", "resolved"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
