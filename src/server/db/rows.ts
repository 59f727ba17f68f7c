import "server-only";
import type { RuntimeColumns } from "@/lib/database.columns";
import type { Database } from "@/lib/database.types";

export type TableName = keyof Database["public"]["Tables"];

type Generated<T extends TableName> = Database["public"]["Tables"][T]["Row"];
type Runtime<T extends TableName> = T extends keyof RuntimeColumns ? RuntimeColumns[T] : Record<never, never>;

/**
 * A row of a public table as the `postgres` driver returns it: the generated
 * type (database.types.ts, shaped for PostgREST's JSON) with the columns the
 * driver parses differently (database.columns.ts: timestamps as Date, int8
 * as string) replaced, nullability kept. A query that casts a column (say
 * `sent_at::text` for a cursor) overrides that column in its own type.
 */
export type Row<T extends TableName> = {
  [K in keyof Generated<T>]: K extends keyof Runtime<T> ? Runtime<T>[K] | (null extends Generated<T>[K] ? null : never) : Generated<T>[K];
};

/**
 * A row as it comes out of `json_build_object`/`to_jsonb` in a query: the
 * generated type itself, which describes PostgREST's JSON (timestamps as
 * ISO strings, int8 as numbers).
 */
export type JsonRow<T extends TableName> = Generated<T>;

/** Columns of T replaced (a cast in the query, a narrower type for a jsonb column or a checked text). */
export type With<T, Changes> = Omit<T, keyof Changes> & Changes;
