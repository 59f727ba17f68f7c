import { Badge } from "@/components/ui/badge";
import { type LeadStage, stageOf } from "@/lib/lead-status";

export function StageBadge({ stages, status }: { stages: readonly LeadStage[]; status: string }) {
  const stage = stageOf(stages, status);
  return <Badge tone={stage.tone}>{stage.label}</Badge>;
}
