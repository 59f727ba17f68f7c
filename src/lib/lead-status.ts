import type { Database } from "@/lib/database.types";
import type { Tone } from "@/lib/tones";

/** The default pipeline a lead moves through, in order; each workspace starts with it and may change it. */
export const LEAD_STATUSES = ["new", "contacted", "qualified", "won", "lost"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const LEAD_STATUS_TONES: Record<string, Tone> = {
  new: "blue",
  contacted: "violet",
  qualified: "amber",
  won: "green",
  lost: "gray",
};

export const STAGE_TONES = ["gray", "blue", "violet", "amber", "green", "red"] as const satisfies readonly Tone[];

/**
 * One column of a workspace's pipeline (public.lead_stages), typed from the
 * generated row (exact for the driver too: none of these columns is a
 * timestamp or int8), tone narrowed to what the column's check allows.
 */
export type LeadStage = Pick<Database["public"]["Tables"]["lead_stages"]["Row"], "key" | "label" | "position"> & { tone: Tone };

/** The default pipeline as stages: what a workspace has until an admin changes it. */
export const DEFAULT_LEAD_STAGES: LeadStage[] = LEAD_STATUSES.map((key, position) => ({
  key,
  label: key[0]?.toUpperCase() + key.slice(1),
  tone: LEAD_STATUS_TONES[key] ?? "gray",
  position,
}));

/** How a status is shown: its stage's label and tone, or the raw key for a stage that no longer exists. */
export function stageOf(stages: readonly LeadStage[], key: string): LeadStage {
  return (
    stages.find((s) => s.key === key) ?? { key, label: key, tone: LEAD_STATUS_TONES[key] ?? "gray", position: Number.MAX_SAFE_INTEGER }
  );
}
