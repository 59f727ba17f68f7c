import "server-only";
import { z } from "zod";
import { type TemplateComponent, templateParameters } from "@/lib/templates";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { cursorTime, decodeCursor, encodeCursor } from "./cursor";
import type { ApiTemplate, templateListQuery } from "./schemas";

const iso = (tx: Tx, column: string) => tx`to_char(${tx(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const templateCursor = z.object({ updatedAt: cursorTime, id: z.uuid() });

type TemplateRow = With<
  Pick<
    Row<"whatsapp_templates">,
    "id" | "name" | "language" | "category" | "status" | "quality" | "rejection_reason" | "parameter_format" | "components" | "channel_id"
  >,
  // Not null: the query keeps only templates with both; timestamps as text for the cursor.
  {
    name: string;
    language: string;
    components: TemplateComponent[];
    parameter_format: "POSITIONAL" | "NAMED";
    synced_at: string | null;
    updated_at: string;
  }
>;

/** The workspace's templates, most recently changed first (keyset on updated_at, id), of one number or status. */
export async function listApiTemplates(
  tx: Tx,
  workspaceId: string,
  query: z.output<typeof templateListQuery>,
): Promise<{ data: ApiTemplate[]; next_cursor: string | null }> {
  const after = decodeCursor(templateCursor, query.cursor);
  const rows = await tx<TemplateRow[]>`
    select t.id, t.name, t.language, t.category, t.status, t.quality, t.rejection_reason, t.parameter_format, t.components,
           t.channel_id, ${iso(tx, "t.synced_at")} as synced_at, ${iso(tx, "t.updated_at")} as updated_at
    from public.whatsapp_templates t
    where t.workspace_id = ${workspaceId} and t.name is not null and t.language is not null
      ${
        query.channel
          ? tx`and (t.channel_id = ${query.channel} or t.waba_id = (
                 select waba_id from public.whatsapp_channels where workspace_id = ${workspaceId} and id = ${query.channel}))`
          : tx``
      }
      ${query.status ? tx`and t.status = ${query.status.toUpperCase()}` : tx``}
      ${
        // Through text: a parameter typed timestamptz is sent by the driver as a JS Date, which drops the microseconds.
        after ? tx`and (t.updated_at, t.id) < (${after.updatedAt}::text::timestamptz, ${after.id}::uuid)` : tx``
      }
    order by t.updated_at desc, t.id desc
    limit ${query.limit + 1}`;
  const data = rows.slice(0, query.limit).map((row) => ({
    ...row,
    components: row.components as unknown as Record<string, unknown>[],
    parameters: templateParameters(row.components).map(({ component, key, id, example }) => ({ component, key, id, example })),
  }));
  const last = data.at(-1);
  return { data, next_cursor: rows.length > query.limit && last ? encodeCursor({ updatedAt: last.updated_at, id: last.id }) : null };
}
