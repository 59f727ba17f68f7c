/** "vip, grosir ,," → ["vip", "grosir"]: how tag inputs are read (the server lower-cases and de-duplicates). */
export function splitTags(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}
