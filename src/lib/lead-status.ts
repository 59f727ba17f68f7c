import type { BadgeTone } from "@/components/ui/badge";

/** The pipeline a lead moves through, in order. */
export const LEAD_STATUSES = ["new", "contacted", "qualified", "won", "lost"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const LEAD_STATUS_TONES: Record<string, BadgeTone> = {
  new: "blue",
  contacted: "violet",
  qualified: "amber",
  won: "green",
  lost: "gray",
};
