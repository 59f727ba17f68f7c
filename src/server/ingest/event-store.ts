import "server-only";
import { asService } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { coalesce, PROCESS_LIMITS } from "@/server/process-state";
import type { Provider } from "@/server/whatsapp/providers";

/** One row of webhook_events as the receiving side writes it. */
export interface RawEventRow {
  workspaceId: string | null;
  channelId: string | null;
  provider: Provider;
  /** The body as JSON text (a JSON null body is the text "null", stored as jsonb null). */
  payload: string;
  headers: Record<string, string>;
  idempotencyKey: string | null;
  outcome: "pending" | "unroutable";
}

/**
 * JSON.parse for a body that will be stored: every U+0000 in a string or a
 * key becomes U+FFFD. Neither jsonb nor text columns can hold NUL, and
 * refusing the body would have the provider retry it for days and then drop
 * its whole batch. The signature was checked on the raw bytes before.
 */
export function parseStorableJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  // In JSON text NUL can only be written as this escape.
  return text.includes("\\u0000") ? withoutNul(value) : value;
}

function withoutNul(value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll("\0", "\uFFFD");
  if (Array.isArray(value)) return value.map(withoutNul);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [withoutNul(key), withoutNul(item)]));
  return value;
}

/**
 * Concurrent acks share one INSERT and one commit. Two lanes: a request
 * never waits for more than the insert in flight before its own, and
 * under load each commit carries every body that arrived meanwhile.
 */
const submit = coalesce<RawEventRow[], number[] | Error>(storeRequests, PROCESS_LIMITS.webhookAcks);

/**
 * Writes the rows of one webhook request durably (committed before this
 * resolves) and returns their ids in order. Throws when they could not be
 * stored, so the caller answers 5xx and the provider retries. A request is
 * never failed by another request's bad row: a batch that fails is retried
 * request by request.
 */
export async function storeRawEvents(rows: RawEventRow[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const result = await submit(rows);
  if (result instanceof Error) throw result;
  return result;
}

async function storeRequests(requests: RawEventRow[][]): Promise<(number[] | Error)[]> {
  try {
    const ids = await insertRows(requests.flat());
    let offset = 0;
    return requests.map((rows) => {
      const slice = ids.slice(offset, offset + rows.length);
      offset += rows.length;
      return slice;
    });
  } catch (error) {
    if (requests.length === 1) return [asError(error)];
  }
  const results: (number[] | Error)[] = [];
  for (const rows of requests) results.push(await insertRows(rows).catch(asError));
  return results;
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * One multi-row INSERT in a service-role transaction. A single statement, so
 * asService sends begin, role, insert and commit in one round trip.
 */
async function insertRows(rows: RawEventRow[]): Promise<number[]> {
  const input = JSON.stringify(
    rows.map((row) => ({
      workspace_id: row.workspaceId,
      channel_id: row.channelId,
      provider: row.provider,
      payload: row.payload,
      headers: row.headers,
      idempotency_key: row.idempotencyKey,
      outcome: row.outcome,
    })),
  );
  const stored = await asService(
    (tx) => tx<Pick<Row<"webhook_events">, "id" | "channel_id" | "outcome">[]>`
      insert into public.webhook_events (workspace_id, channel_id, provider, payload, headers, idempotency_key, outcome,
                                         next_attempt_at)
      -- Cast from text, so a JSON null body is stored as jsonb null, not SQL NULL.
      select workspace_id, channel_id, provider, payload::jsonb, headers, idempotency_key, outcome,
             -- Processed inline right after the answer; the sweep only steps in if that never happens.
             case when outcome = 'pending' then now() + interval '30 seconds' end
      from json_to_recordset(${input}::text::json)
        as t(workspace_id uuid, channel_id uuid, provider text, payload text, headers jsonb, idempotency_key text, outcome text)
      returning id, channel_id, outcome`,
  );
  // RETURNING gives the rows in the order they were inserted, which is the order given; checked anyway,
  // since a mix-up would hand one request another's id (a retry is harmless: processing is idempotent).
  const inOrder =
    stored.length === rows.length && stored.every((row, i) => row.channel_id === rows[i]?.channelId && row.outcome === rows[i]?.outcome);
  if (!inOrder) throw new Error(`stored webhook rows came back out of order (${stored.length} of ${rows.length})`);
  return stored.map((row) => Number(row.id));
}
