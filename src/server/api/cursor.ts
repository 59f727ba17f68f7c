import "server-only";
import { z } from "zod";
import { invalidInput } from "./errors";

/**
 * Opaque keyset cursors: the last row's sort key, base64url JSON. Clients
 * pass back `next_cursor` as it is; a cursor stays valid while rows move.
 */
export function encodeCursor(position: Record<string, string>): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string | undefined): z.output<S> | null {
  if (!cursor) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: refused below like any other bad cursor
  }
  throw invalidInput([{ field: "query.cursor", message: "not a cursor this endpoint returned" }]);
}

/** A timestamp as text with its microseconds, so a cursor never skips rows of the same millisecond. */
export const cursorTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
