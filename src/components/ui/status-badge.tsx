import { useTranslations } from "next-intl";
import type { Tone } from "@/lib/tones";
import { Badge } from "./badge";

/** What colour each kind of status has: the one place to add a status (its label is under common.status.<kind> in the catalogue). */
const STATUSES = {
  /** A provider's webhook request, by what became of it (webhook_events.outcome). */
  webhookEvent: {
    pending: "blue",
    processed: "green",
    duplicate: "gray",
    unroutable: "amber",
    failed: "red",
    dead: "red",
    invalid_signature: "red",
    malformed: "red",
  },
  /** One delivery to a customer's outbound webhook; `queued` is a pending delivery not yet attempted. */
  webhookDelivery: {
    queued: "blue",
    pending: "blue",
    succeeded: "green",
    failed: "red",
  },
  webhookSubscription: {
    active: "green",
    paused: "amber",
  },
  contactImport: {
    draft: "gray",
    queued: "blue",
    running: "blue",
    done: "green",
    failed: "red",
  },
  channel: {
    active: "green",
    pending: "amber",
    error: "red",
    disconnected: "gray",
  },
  /** A conversation's triage status. */
  conversation: {
    open: "green",
    pending: "amber",
    snoozed: "violet",
    resolved: "gray",
  },
  /** A WhatsApp message template's review status, as Meta names it. */
  template: {
    APPROVED: "green",
    PENDING: "blue",
    IN_APPEAL: "blue",
    REJECTED: "red",
    PAUSED: "amber",
    FLAGGED: "amber",
    DISABLED: "red",
    PENDING_DELETION: "gray",
    DELETED: "gray",
    ARCHIVED: "gray",
    LIMIT_EXCEEDED: "red",
  },
  /** Meta's quality rating of a template (quality_score). */
  templateQuality: {
    GREEN: "green",
    YELLOW: "amber",
    RED: "red",
    UNKNOWN: "gray",
  },
  aiRun: {
    running: "blue",
    replied: "green",
    handed_off: "amber",
    no_reply: "gray",
    superseded: "gray",
    failed: "red",
    budget_exhausted: "red",
  },
  broadcast: {
    draft: "gray",
    scheduled: "blue",
    sending: "blue",
    paused: "amber",
    completed: "green",
    cancelled: "gray",
  },
  broadcastRecipient: {
    queued: "gray",
    sent: "blue",
    delivered: "blue",
    read: "green",
    replied: "green",
    failed: "red",
    skipped: "amber",
  },
} as const satisfies Record<string, Record<string, Tone>>;

export type StatusKind = keyof typeof STATUSES;
export type StatusOf<K extends StatusKind> = keyof (typeof STATUSES)[K] & string;

/** A status's label, e.g. for a filter; a status the catalogue does not know reads as itself. */
export function useStatusLabel(): <K extends StatusKind>(kind: K, status: StatusOf<K>) => string {
  const t = useTranslations("common.status");
  return (kind, status) => {
    const key = `${kind}.${status}` as Parameters<typeof t>[0];
    return t.has(key) ? t(key) : status;
  };
}

/** The label as text in a server component's markup (an async page cannot call the hook itself). */
export function StatusLabel<K extends StatusKind>({ kind, status }: { kind: K; status: StatusOf<K> }) {
  return useStatusLabel()(kind, status);
}

export function StatusBadge<K extends StatusKind>({ kind, status }: { kind: K; status: StatusOf<K> }) {
  const label = useStatusLabel()(kind, status);
  const tones: Record<string, Tone> = STATUSES[kind];
  return <Badge tone={tones[status] ?? "gray"}>{label}</Badge>;
}
