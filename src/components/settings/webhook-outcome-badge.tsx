import { Badge, type BadgeTone } from "@/components/ui/badge";

const OUTCOMES: Record<string, { label: string; tone: BadgeTone }> = {
  pending: { label: "Pending", tone: "blue" },
  processed: { label: "Processed", tone: "green" },
  duplicate: { label: "Duplicate", tone: "gray" },
  unroutable: { label: "Unroutable", tone: "amber" },
  failed: { label: "Failed", tone: "red" },
  dead: { label: "Dead", tone: "red" },
  invalid_signature: { label: "Invalid signature", tone: "red" },
  malformed: { label: "Malformed", tone: "red" },
};

export function WebhookOutcomeBadge({ outcome }: { outcome: string }) {
  const known = OUTCOMES[outcome] ?? { label: outcome, tone: "gray" as const };
  return <Badge tone={known.tone}>{known.label}</Badge>;
}

export const WEBHOOK_OUTCOME_LABELS = Object.fromEntries(Object.entries(OUTCOMES).map(([key, value]) => [key, value.label]));
