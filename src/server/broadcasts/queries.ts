import "server-only";
import {
  type AudienceFilter,
  type BroadcastState,
  emptyCounts,
  type ParameterMapping,
  type RecipientCounts,
  type RecipientState,
  SKIP_REASONS,
  type SkipReason,
} from "@/lib/broadcasts";
import type { TemplateComponent } from "@/lib/templates";
import { csvStream } from "@/server/csv";
import type { UserClaims } from "@/server/db/claims";
import { asUser, type Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { AppError } from "@/server/errors";

export type BroadcastSummary = With<
  Pick<
    Row<"broadcasts">,
    | "id"
    | "name"
    | "channel_id"
    | "template_name"
    | "template_language"
    | "state"
    | "scheduled_at"
    | "started_at"
    | "completed_at"
    | "cancelled_at"
    | "created_at"
    | "created_by"
    | "duplicate_count"
    | "csv_duplicates"
  >,
  { state: BroadcastState }
> & { counts: RecipientCounts };

export type BroadcastDetail = BroadcastSummary &
  With<
    Pick<Row<"broadcasts">, "parameters" | "audience_filter" | "template_components" | "expanded_at">,
    { parameters: ParameterMapping; audience_filter: AudienceFilter | null; template_components: TemplateComponent[] }
  > & { channel_name: string | null; csv_numbers: number };

const NOT_FOUND = "errors.broadcasts.notFound";

const SUMMARY_COLUMNS = (tx: Tx) => tx`
  b.id, b.name, b.channel_id, b.template_name, b.template_language, b.state, b.scheduled_at, b.started_at, b.completed_at,
  b.cancelled_at, b.created_at, b.created_by, b.duplicate_count, b.csv_duplicates`;

/** Recipients per state of these broadcasts: counted from the rows, so no counter row is contended by the senders. */
export async function recipientCounts(tx: Tx, workspaceId: string, broadcastIds: string[]): Promise<Map<string, RecipientCounts>> {
  const rows = await tx<{ broadcast_id: string; state: RecipientState; count: number }[]>`
    select broadcast_id, state, count(*)::int as count from public.broadcast_recipients
    where workspace_id = ${workspaceId} and broadcast_id = any(${tx.array(broadcastIds)}::uuid[])
    group by broadcast_id, state`;
  const counts = new Map(broadcastIds.map((id) => [id, emptyCounts()]));
  for (const row of rows) {
    const entry = counts.get(row.broadcast_id);
    if (!entry) continue;
    entry[row.state] = row.count;
    entry.total += row.count;
  }
  return counts;
}

/** The workspace's broadcasts, newest first, with their progress. */
export async function listBroadcasts(tx: Tx, workspaceId: string, options: { limit: number; before?: { createdAt: Date; id: string } }) {
  const rows = await tx<Omit<BroadcastSummary, "counts">[]>`
    select ${SUMMARY_COLUMNS(tx)} from public.broadcasts b
    where b.workspace_id = ${workspaceId}
      ${options.before ? tx`and (b.created_at, b.id) < (${options.before.createdAt}, ${options.before.id}::uuid)` : tx``}
    order by b.created_at desc, b.id desc limit ${options.limit + 1}`;
  const page = rows.slice(0, options.limit);
  const counts = await recipientCounts(
    tx,
    workspaceId,
    page.map((b) => b.id),
  );
  return {
    items: page.map((b) => ({ ...b, counts: counts.get(b.id) ?? emptyCounts() })),
    hasMore: rows.length > options.limit,
  };
}

export async function getBroadcast(tx: Tx, workspaceId: string, broadcastId: string): Promise<BroadcastDetail> {
  const [row] = await tx<Omit<BroadcastDetail, "counts">[]>`
    select ${SUMMARY_COLUMNS(tx)}, b.parameters, b.audience_filter, b.template_components, b.expanded_at,
           coalesce(ch.name, ch.display_phone_number) as channel_name, cardinality(b.csv_phones) as csv_numbers
    from public.broadcasts b
    left join public.whatsapp_channels ch on ch.workspace_id = b.workspace_id and ch.id = b.channel_id
    where b.workspace_id = ${workspaceId} and b.id = ${broadcastId}`;
  if (!row) throw new AppError("not_found", NOT_FOUND);
  const counts = await recipientCounts(tx, workspaceId, [broadcastId]);
  return { ...row, counts: counts.get(broadcastId) ?? emptyCounts() };
}

export interface FailureGroup {
  state: "failed" | "skipped";
  code: string | null;
  reason: string;
  count: number;
}

/** Failures grouped by WhatsApp's code and reason, and skips by why; largest first. */
export async function failureGroups(tx: Tx, workspaceId: string, broadcastId: string): Promise<FailureGroup[]> {
  const rows = await tx<{ state: "failed" | "skipped"; code: string | null; reason: string | null; count: number }[]>`
    select state, failure_code as code, case when state = 'failed' then failure_reason else skip_reason end as reason,
           count(*)::int as count
    from public.broadcast_recipients
    where workspace_id = ${workspaceId} and broadcast_id = ${broadcastId} and state in ('failed', 'skipped')
    group by 1, 2, 3 order by count desc, 3`;
  return rows.map((r) => ({
    state: r.state,
    code: r.code,
    count: r.count,
    reason: r.state === "skipped" ? (SKIP_REASONS[r.reason as SkipReason] ?? r.reason ?? "Skipped") : (r.reason ?? "Failed"),
  }));
}

export type RecipientItem = With<
  Pick<
    Row<"broadcast_recipients">,
    | "id"
    | "contact_id"
    | "phone"
    | "state"
    | "skip_reason"
    | "failure_code"
    | "failure_reason"
    | "conversation_id"
    | "sent_at"
    | "delivered_at"
    | "read_at"
    | "replied_at"
    | "failed_at"
  >,
  { state: RecipientState }
> & { name: string | null };

const RECIPIENT_COLUMNS = (tx: Tx) => tx`
  r.id, r.contact_id, r.phone, r.state, r.skip_reason, r.failure_code, r.failure_reason, r.conversation_id, r.sent_at,
  r.delivered_at, r.read_at, r.replied_at, r.failed_at, coalesce(k.name, k.profile_name) as name`;

/** One page of recipients, optionally of one state, in the order they were added. */
export async function listRecipients(
  tx: Tx,
  workspaceId: string,
  broadcastId: string,
  options: { state?: RecipientState; after?: string; limit: number },
) {
  const rows = await tx<RecipientItem[]>`
    select ${RECIPIENT_COLUMNS(tx)}
    from public.broadcast_recipients r
    left join public.contacts k on k.workspace_id = r.workspace_id and k.id = r.contact_id
    where r.workspace_id = ${workspaceId} and r.broadcast_id = ${broadcastId}
      ${options.state ? tx`and r.state = ${options.state}` : tx``}
      ${options.after ? tx`and r.id > ${options.after}::uuid` : tx``}
    order by r.id limit ${options.limit + 1}`;
  const items = rows.slice(0, options.limit);
  return { items, nextAfter: rows.length > options.limit ? (items.at(-1)?.id ?? null) : null };
}

const iso = (value: Date | null) => value?.toISOString() ?? "";

/** Every recipient as a CSV file (read through a cursor, so memory stays bounded). */
export async function recipientsCsv(
  claims: UserClaims,
  workspaceId: string,
  broadcastId: string,
  /** The reader's words: the header row (phone, name, state, skip reason, failure code and reason, the five times) and each skip reason. */
  text: { header: string[]; skipReason: (reason: SkipReason) => string },
): Promise<ReadableStream<Uint8Array>> {
  await asUser(claims, (tx) => getBroadcast(tx, workspaceId, broadcastId));
  return csvStream(text.header, (write) =>
    asUser(claims, async (tx) => {
      const cursor = tx<RecipientItem[]>`
          select ${RECIPIENT_COLUMNS(tx)}
          from public.broadcast_recipients r
          left join public.contacts k on k.workspace_id = r.workspace_id and k.id = r.contact_id
          where r.workspace_id = ${workspaceId} and r.broadcast_id = ${broadcastId}
          order by r.id`.cursor(1000);
      for await (const rows of cursor) {
        for (const r of rows) {
          await write([
            r.phone,
            r.name,
            r.state,
            r.skip_reason ? text.skipReason(r.skip_reason as SkipReason) : "",
            r.failure_code,
            r.failure_reason,
            iso(r.sent_at),
            iso(r.delivered_at),
            iso(r.read_at),
            iso(r.replied_at),
            iso(r.failed_at),
          ]);
        }
      }
    }),
  );
}
