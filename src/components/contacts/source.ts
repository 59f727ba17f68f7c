/** Where contacts come from (contacts.source); one written by a newer part of the app shows as it is stored. */
const CONTACT_SOURCES = ["whatsapp", "manual", "import", "api"] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

export function isKnownSource(source: string): source is ContactSource {
  return (CONTACT_SOURCES as readonly string[]).includes(source);
}
