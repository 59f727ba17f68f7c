import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ImportStatus } from "@/lib/contact-import";

const STATUS: Record<ImportStatus, { label: string; tone: BadgeTone }> = {
  draft: { label: "Not started", tone: "gray" },
  queued: { label: "Waiting", tone: "blue" },
  running: { label: "Importing", tone: "blue" },
  done: { label: "Done", tone: "green" },
  failed: { label: "Failed", tone: "red" },
};

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}
