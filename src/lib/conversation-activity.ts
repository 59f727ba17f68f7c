/** The kinds of conversation_activity rows; `data` of each is described in migration 20261206110100. */
export const ACTIVITY_KINDS = [
  "assigned",
  "unassigned",
  "status_changed",
  "snoozed",
  "label_added",
  "label_removed",
  "team_changed",
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** A line of activity as the thread and the contact timeline read it (timestamps ISO 8601). */
export interface ActivityLine {
  id: string;
  conversation_id: string;
  kind: ActivityKind;
  /** Null: the system, an automation, or an API key (data.api_key_id). */
  actor_id: string | null;
  data: {
    from?: string | null;
    to?: string | null;
    via?: "customer_message" | "snooze_ended";
    until?: string;
    name?: string;
    api_key_id?: string;
  };
  created_at: string;
}
