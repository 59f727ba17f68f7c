import "server-only";
import { z } from "zod";
import { emptyCounts } from "@/lib/broadcasts";
import { readNumbers } from "@/server/broadcasts/audience";
import { cancelBroadcast, createBroadcast } from "@/server/broadcasts/commands";
import { storeHeaderMedia } from "@/server/broadcasts/header-media";
import { recipientCounts } from "@/server/broadcasts/queries";
import type { Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import type { ApiKeyContext } from "./authenticate";
import { cursorTime, decodeCursor, encodeCursor } from "./cursor";
import type { ApiBroadcast, broadcastInput, broadcastListQuery } from "./schemas";

const iso = (tx: Tx, column: string) => tx`to_char(${tx(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

type BroadcastRow = Omit<ApiBroadcast, "counts" | "template"> & Pick<Row<"broadcasts">, "template_name" | "template_language">;

const COLUMNS = (tx: Tx) => tx`
  id, name, state, channel_id, template_name, template_language, duplicate_count + csv_duplicates as duplicates,
  ${iso(tx, "scheduled_at")} as scheduled_at, ${iso(tx, "started_at")} as started_at, ${iso(tx, "completed_at")} as completed_at,
  ${iso(tx, "cancelled_at")} as cancelled_at, ${iso(tx, "created_at")} as created_at`;

const NOT_FOUND = "errors.broadcasts.notFound";

async function withCounts(tx: Tx, workspaceId: string, rows: BroadcastRow[]): Promise<ApiBroadcast[]> {
  const counts = await recipientCounts(
    tx,
    workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map(({ template_name, template_language, ...row }) => ({
    ...row,
    template: { name: template_name, language: template_language },
    counts: counts.get(row.id) ?? emptyCounts(),
  }));
}

/** One broadcast as the API shows it (with its counts), or null when it is not in the workspace. */
export async function findBroadcast(tx: Tx, workspaceId: string, broadcastId: string): Promise<ApiBroadcast | null> {
  const rows = await tx<BroadcastRow[]>`
    select ${COLUMNS(tx)} from public.broadcasts where workspace_id = ${workspaceId} and id = ${broadcastId}`;
  const [row] = await withCounts(tx, workspaceId, rows);
  return row ?? null;
}

export async function getBroadcast(tx: Tx, workspaceId: string, broadcastId: string): Promise<ApiBroadcast> {
  const row = await findBroadcast(tx, workspaceId, broadcastId);
  if (!row) throw new AppError("not_found", NOT_FOUND);
  return row;
}

const listCursor = z.object({ createdAt: cursorTime, id: z.uuid() });

/** Newest first, cursor-paginated. */
export async function listBroadcasts(tx: Tx, workspaceId: string, query: z.output<typeof broadcastListQuery>) {
  const after = decodeCursor(listCursor, query.cursor);
  const rows = await tx<BroadcastRow[]>`
    select ${COLUMNS(tx)} from public.broadcasts
    where workspace_id = ${workspaceId}
      ${query.state ? tx`and state = ${query.state}` : tx``}
      ${after ? tx`and (created_at, id) < (${after.createdAt}::text::timestamptz, ${after.id}::uuid)` : tx``}
    order by created_at desc, id desc limit ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: await withCounts(tx, workspaceId, page),
    next_cursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}

/** Creates and starts (or schedules) a broadcast for the key's workspace. */
export async function createApiBroadcast(tx: Tx, key: ApiKeyContext, body: z.output<typeof broadcastInput>): Promise<ApiBroadcast> {
  const file = body.header_media;
  const headerMedia = file
    ? await storeHeaderMedia(key.workspaceId, new File([Buffer.from(file.data, "base64")], file.filename, { type: file.mime_type }))
    : null;
  const { id } = await createBroadcast(
    tx,
    { workspaceId: key.workspaceId, apiKeyId: key.keyId },
    {
      name: body.name,
      channelId: body.channel_id,
      templateId: body.template_id,
      parameters: body.parameters,
      filter: body.audience.filter ?? null,
      csv: body.audience.phones ? readNumbers(body.audience.phones, key.country) : null,
      start: body.send_at ? new Date(body.send_at) : "now",
      headerMedia,
    },
  );
  return getBroadcast(tx, key.workspaceId, id);
}

export async function cancelApiBroadcast(tx: Tx, key: ApiKeyContext, broadcastId: string): Promise<ApiBroadcast> {
  await cancelBroadcast(tx, { workspaceId: key.workspaceId, apiKeyId: key.keyId }, broadcastId);
  return getBroadcast(tx, key.workspaceId, broadcastId);
}
