/** The colours a status can be shown in. Data (pipeline stages, statuses) names a tone; the UI decides how each looks. */
export type Tone = "gray" | "green" | "blue" | "amber" | "red" | "violet";
