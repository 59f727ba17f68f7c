import { CONVERSATION_STATUS_LABELS, type ConversationStatus } from "./conversation-status";
import { formatWakeTime } from "./snooze";

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

const statusWord = (status: string | null | undefined) =>
  (CONVERSATION_STATUS_LABELS[status as ConversationStatus] ?? status ?? "").toLowerCase();

/**
 * The sentence of a line: "Ana assigned this to Budi", "Snoozed until
 * tomorrow 09:00 by Ana", "Reopened by the customer's message". `who` names
 * a member ("You" for the reader); `timeZone` is the reader's.
 */
export function describeActivity(line: ActivityLine, who: (userId: string) => string, timeZone: string): string {
  const d = line.data;
  const actor = line.actor_id ? who(line.actor_id) : d.api_key_id ? "An API key" : null;
  // "You" starts a sentence; elsewhere it reads "you".
  const whom = (userId: string | null | undefined) => (who(userId ?? "") === "You" ? "you" : who(userId ?? ""));
  const by = (sentence: string) => (actor ? `${sentence} by ${actor === "You" ? "you" : actor}` : sentence);
  switch (line.kind) {
    case "assigned":
      if (!actor) return `Assigned to ${whom(d.to)}`;
      return d.to === line.actor_id ? `${actor} took this conversation` : `${actor} assigned this to ${whom(d.to)}`;
    case "unassigned":
      return actor ? `${actor} unassigned ${whom(d.from)}` : `Unassigned from ${whom(d.from)}`;
    case "snoozed": {
      const until = formatWakeTime(new Date(d.until ?? line.created_at), new Date(line.created_at), timeZone);
      return by(`Snoozed until ${until.replace(/^(Today|Tomorrow)/, (word) => word.toLowerCase())}`);
    }
    case "status_changed":
      if (d.via === "customer_message") return "Reopened by the customer's message";
      if (d.via === "snooze_ended") return "The snooze ended: open again";
      if (d.to === "resolved") return by("Resolved");
      if (d.to === "open") return by(d.from === "resolved" ? "Reopened" : `Moved from ${statusWord(d.from)} to open`);
      return by(`Marked ${statusWord(d.to)}`);
    case "label_added":
      return by(`Label “${d.name ?? ""}” added`);
    case "label_removed":
      return by(`Label “${d.name ?? ""}” removed`);
    case "team_changed":
      return by(d.to ? "Moved to another team" : "Removed from its team");
  }
}
