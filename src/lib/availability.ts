/** An agent's availability: chosen by them, offline when no tab of theirs is open. */
export const AVAILABILITIES = ["online", "away", "offline"] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** Who sees which conversations (workspaces.conversation_visibility). */
export const CONVERSATION_VISIBILITIES = ["all", "own_team_unassigned"] as const;
export type ConversationVisibility = (typeof CONVERSATION_VISIBILITIES)[number];
