/**
 * The colours a conversation label may have (the database checks the same
 * list). Names, not hex codes: the UI decides how each looks.
 */
export const LABEL_COLORS = ["slate", "red", "orange", "amber", "green", "teal", "sky", "blue", "violet", "pink"] as const;
export type LabelColor = (typeof LABEL_COLORS)[number];
