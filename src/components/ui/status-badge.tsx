import type { Tone } from "@/lib/tones";
import { Badge } from "./badge";

type Shown = readonly [label: string, tone: Tone];

/** How each kind of status reads and what colour it has: the one place to add a status or relabel one. */
const STATUSES = {
  /** A provider's webhook request, by what became of it (webhook_events.outcome). */
  webhookEvent: {
    pending: ["Pending", "blue"],
    processed: ["Processed", "green"],
    duplicate: ["Duplicate", "gray"],
    unroutable: ["Unroutable", "amber"],
    failed: ["Failed", "red"],
    dead: ["Dead", "red"],
    invalid_signature: ["Invalid signature", "red"],
    malformed: ["Malformed", "red"],
  },
  /** One delivery to a customer's outbound webhook; `queued` is a pending delivery not yet attempted. */
  webhookDelivery: {
    queued: ["Queued", "blue"],
    pending: ["Retrying", "blue"],
    succeeded: ["Delivered", "green"],
    failed: ["Failed", "red"],
  },
  webhookSubscription: {
    active: ["Active", "green"],
    paused: ["Paused", "amber"],
  },
  contactImport: {
    draft: ["Not started", "gray"],
    queued: ["Waiting", "blue"],
    running: ["Importing", "blue"],
    done: ["Done", "green"],
    failed: ["Failed", "red"],
  },
  channel: {
    active: ["Connected", "green"],
    pending: ["Pending", "amber"],
    error: ["Error", "red"],
    disconnected: ["Disconnected", "gray"],
  },
  /** A conversation's triage status. */
  conversation: {
    open: ["Open", "green"],
    pending: ["Pending", "amber"],
    snoozed: ["Snoozed", "violet"],
    resolved: ["Resolved", "gray"],
  },
  /** A WhatsApp message template's review status, as Meta names it. */
  template: {
    APPROVED: ["Approved", "green"],
    PENDING: ["In review", "blue"],
    IN_APPEAL: ["In appeal", "blue"],
    REJECTED: ["Rejected", "red"],
    PAUSED: ["Paused", "amber"],
    FLAGGED: ["Flagged", "amber"],
    DISABLED: ["Disabled", "red"],
    PENDING_DELETION: ["Being deleted", "gray"],
    DELETED: ["Deleted", "gray"],
    ARCHIVED: ["Archived", "gray"],
    LIMIT_EXCEEDED: ["Limit exceeded", "red"],
  },
  /** Meta's quality rating of a template (quality_score). */
  templateQuality: {
    GREEN: ["High quality", "green"],
    YELLOW: ["Medium quality", "amber"],
    RED: ["Low quality", "red"],
    UNKNOWN: ["Not rated yet", "gray"],
  },
  aiRun: {
    running: ["Running", "blue"],
    replied: ["Replied", "green"],
    handed_off: ["Handed over", "amber"],
    no_reply: ["No reply", "gray"],
    superseded: ["Superseded", "gray"],
    failed: ["Failed", "red"],
    budget_exhausted: ["Budget spent", "red"],
  },
  broadcast: {
    draft: ["Draft", "gray"],
    scheduled: ["Scheduled", "blue"],
    sending: ["Sending", "blue"],
    paused: ["Paused", "amber"],
    completed: ["Completed", "green"],
    cancelled: ["Cancelled", "gray"],
  },
  broadcastRecipient: {
    queued: ["Queued", "gray"],
    sent: ["Sent", "blue"],
    delivered: ["Delivered", "blue"],
    read: ["Read", "green"],
    replied: ["Replied", "green"],
    failed: ["Failed", "red"],
    skipped: ["Skipped", "amber"],
  },
} as const satisfies Record<string, Record<string, Shown>>;

export type StatusKind = keyof typeof STATUSES;
export type StatusOf<K extends StatusKind> = keyof (typeof STATUSES)[K] & string;

/** A status's label, e.g. for a filter; a status this map does not know reads as itself. */
export function statusLabel<K extends StatusKind>(kind: K, status: StatusOf<K>): string {
  return shown(kind, status)[0];
}

export function StatusBadge<K extends StatusKind>({ kind, status }: { kind: K; status: StatusOf<K> }) {
  const [label, tone] = shown(kind, status);
  return <Badge tone={tone}>{label}</Badge>;
}

function shown(kind: StatusKind, status: string): Shown {
  const statuses: Record<string, Shown> = STATUSES[kind];
  return statuses[status] ?? [status, "gray"];
}
