import { Badge } from "@/components/ui/badge";

export function SubscriptionStatusBadge({ status }: { status: "active" | "paused" }) {
  return status === "active" ? <Badge tone="green">Active</Badge> : <Badge tone="amber">Paused</Badge>;
}

const DELIVERY = {
  pending: { tone: "blue", label: "Retrying" },
  succeeded: { tone: "green", label: "Delivered" },
  failed: { tone: "red", label: "Failed" },
} as const;

export function DeliveryStatusBadge({ status, attempts }: { status: keyof typeof DELIVERY; attempts: number }) {
  const { tone, label } = DELIVERY[status];
  return <Badge tone={tone}>{status === "pending" && attempts === 0 ? "Queued" : label}</Badge>;
}
