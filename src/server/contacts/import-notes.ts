import "server-only";
import { z } from "zod";
import type { Translate } from "@/lib/readable-issues";
import { type ErrorText, render } from "@/server/errors";

/**
 * Why a row was skipped, or what it was imported without, is stored as
 * catalogue keys with their values (JSON text in the same text columns:
 * one sentence, or several for a row's warnings), so each reader of the
 * report sees it in their own language.
 */
export function storeNotes(texts: ErrorText[]): string {
  const notes = texts.map((text) => (typeof text === "string" ? { key: text } : text));
  return JSON.stringify(notes.length === 1 ? notes[0] : notes);
}

const note = z.union([
  z.object({ key: z.string().startsWith("errors."), values: z.record(z.string(), z.union([z.string(), z.number()])).optional() }),
  z.object({ text: z.string() }),
]);
const notes = z.union([note, z.array(note).min(1)]);

/** A stored note in the reader's language; a note written before they were stored as keys (plain English) as it is. */
export function readNotes(stored: string, t: Translate): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return stored;
  }
  const read = notes.safeParse(parsed);
  if (!read.success) return stored;
  const list = Array.isArray(read.data) ? read.data : [read.data];
  if (list.some((n) => "key" in n && !t.has(n.key as never))) return stored;
  return list.map((n) => render(("key" in n ? { key: n.key, values: n.values ?? {} } : n) as ErrorText, t)).join(" ");
}
