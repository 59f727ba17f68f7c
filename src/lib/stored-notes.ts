import { z } from "zod";

/**
 * A sentence the app stores for people to read later (why an import skipped
 * a row, why the assistant handed a conversation over) is kept as catalogue
 * keys with their values, as JSON text in an ordinary text column: one
 * sentence, or several read one after the other. Each reader then reads it
 * in their own language. `{ text }` is a sentence that is not ours to
 * translate (a provider's or a model's words).
 */
export type StoredNote = { key: string; values?: Record<string, NoteValue> } | { text: string };
/** A value is a word or number, or a note of its own, read in the same language (a refusal's reason inside "Not sent: …"). */
export type NoteValue = string | number | StoredNote;

export function storeNotes(notes: (string | StoredNote)[]): string {
  const stored = notes.map((note) => (typeof note === "string" ? { key: note } : note));
  return JSON.stringify(stored.length === 1 ? stored[0] : stored);
}

const note: z.ZodType<StoredNote> = z.lazy(() =>
  z.union([
    z.strictObject({ key: z.string().min(1), values: z.record(z.string(), z.union([z.string(), z.number(), note])).optional() }),
    z.strictObject({ text: z.string() }),
  ]),
);
const notes = z.union([note, z.array(note).min(1)]);

/** A translator with full keys: next-intl's `useTranslations()`, `getTranslations()` or `createTranslator`. */
export interface NoteTranslator {
  (key: never, values?: never): string;
  has(key: never): boolean;
}

/**
 * A stored note in the reader's language. Text that is not a note (written
 * before notes were stored as keys, or a model's own words) is shown as it is,
 * and so is a note naming a key the catalogue no longer has.
 */
export function readNotes(stored: string, t: NoteTranslator): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return stored;
  }
  const read = notes.safeParse(parsed);
  if (!read.success) return stored;
  const list = Array.isArray(read.data) ? read.data : [read.data];
  const known = (n: StoredNote): boolean =>
    !("key" in n) || (t.has(n.key as never) && Object.values(n.values ?? {}).every((v) => typeof v !== "object" || known(v)));
  if (!list.every(known)) return stored;
  return list.map((n) => readNote(n, t)).join(" ");
}

/** One note in the reader's language: a key (alone, or with its values) through the catalogue, `{ text }` as written. */
export function readNote(note: string | StoredNote, t: NoteTranslator): string {
  if (typeof note === "string") return t(note as never);
  if ("text" in note) return note.text;
  const values = Object.entries(note.values ?? {}).map(([name, value]) => [name, typeof value === "object" ? readNote(value, t) : value]);
  return t(note.key as never, Object.fromEntries(values) as never);
}
