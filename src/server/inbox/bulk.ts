import "server-only";
import { z } from "zod";
import { type ConversationFilter, conversationFilter } from "@/lib/conversation-filter";
import type { CountryCode } from "@/lib/phone";
import { recordAudit } from "@/server/audit/record";
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/workspaces/actor";
import { filterCondition, searchCondition } from "./queries";
import { snoozeTime, wakeTime } from "./status";

/**
 * Bulk actions on conversations: one operation on a selection of ids or on
 * every conversation a filter matches ("select all N matching"). Each chunk
 * of up to CHUNK conversations is ONE statement, run as the member (RLS),
 * whose CTE picks the chunk and applies the change; the whole action is one
 * audit entry with the count. Triggers announce every change live and to
 * outbound webhooks, as for a single conversation.
 */
export const CHUNK = 1000;

export const bulkOperation = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("assign"), assigneeId: z.uuid().nullable() }),
  z.object({ kind: z.literal("set_team"), teamId: z.uuid().nullable() }),
  z.object({ kind: z.literal("add_label"), labelId: z.uuid() }),
  z.object({ kind: z.literal("remove_label"), labelId: z.uuid() }),
  z.object({ kind: z.literal("resolve") }),
  z.object({ kind: z.literal("reopen") }),
  // A preset is computed on the workspace's clock when the action runs, as for one conversation.
  z.object({ kind: z.literal("snooze"), snooze: snoozeTime }),
  z.object({ kind: z.literal("mark_read") }),
  z.object({ kind: z.literal("mark_unread") }),
]);
export type BulkOperation = z.infer<typeof bulkOperation>;
/** An operation ready to apply: a snooze's wake time resolved to an instant. */
type Change = Exclude<BulkOperation, { kind: "snooze" }> | { kind: "snooze"; until: string };

export const bulkTarget = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(10_000) }),
  z.object({ filter: conversationFilter, search: z.string().max(100).optional() }),
]);
export type BulkTarget = z.infer<typeof bulkTarget>;

type Chunk = { after: string | null } | { ids: string[] };

/** The chunk's conversations, as a CTE body selecting `id`. */
function chunkQuery(tx: Tx, actor: Actor, target: BulkTarget, chunk: Chunk, country: CountryCode | undefined) {
  if ("ids" in chunk) {
    return tx`select c.id from public.conversations c where c.workspace_id = ${actor.workspaceId} and c.id = any(${chunk.ids}::uuid[])`;
  }
  if (!("filter" in target)) throw new Error("a keyset chunk needs a filter");
  const search = target.search?.trim();
  return tx`
    select c.id
    from public.conversations c
    join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
    where c.workspace_id = ${actor.workspaceId} and c.last_message_at is not null
      and ${filterCondition(tx, target.filter, actor.userId)}
      ${search ? searchCondition(tx, actor.workspaceId, search, country) : tx``}
      ${chunk.after ? tx`and c.id > ${chunk.after}::uuid` : tx``}
    order by c.id
    limit ${CHUNK}`;
}

/** The change, applied to the `target` CTE's ids, returning one row per conversation changed. */
function change(tx: Tx, actor: Actor, operation: Change) {
  const ws = actor.workspaceId;
  const update = (set: ReturnType<Tx>, unchanged: ReturnType<Tx>) => tx`
    update public.conversations u set ${set}
    from target where u.workspace_id = ${ws} and u.id = target.id and not (${unchanged})
    returning u.id`;
  switch (operation.kind) {
    case "assign":
      return update(tx`assigned_to = ${operation.assigneeId}`, tx`u.assigned_to is not distinct from ${operation.assigneeId}::uuid`);
    case "set_team":
      // Unassigned, they join the team's queue (auto-assigned at commit when the team does that).
      return update(tx`team_id = ${operation.teamId}`, tx`u.team_id is not distinct from ${operation.teamId}::uuid`);
    case "resolve":
      return update(tx`status = 'resolved'`, tx`u.status = 'resolved'`);
    case "reopen":
      return update(tx`status = 'open'`, tx`u.status = 'open'`);
    case "snooze":
      return update(
        tx`status = 'snoozed', snoozed_until = ${operation.until}::timestamptz`,
        tx`u.status = 'snoozed' and u.snoozed_until = ${operation.until}::timestamptz`,
      );
    case "mark_read":
      return update(tx`unread_count = 0, is_read = true`, tx`u.unread_count = 0 and u.is_read`);
    case "mark_unread":
      return update(tx`is_read = false`, tx`not u.is_read`);
    case "add_label":
      return tx`
        insert into public.conversation_labels (workspace_id, conversation_id, label_id)
        select ${ws}, target.id, ${operation.labelId} from target
        on conflict do nothing
        returning conversation_id as id`;
    case "remove_label":
      return tx`
        delete from public.conversation_labels cl using target
        where cl.workspace_id = ${ws} and cl.label_id = ${operation.labelId} and cl.conversation_id = target.id
        returning cl.conversation_id as id`;
  }
}

/** What is checked once before the chunks (the assignee is a member, the label exists), and the snooze's wake time, ahead of now. */
async function prepare(tx: Tx, actor: Actor, operation: BulkOperation, now: Date): Promise<Change> {
  if (operation.kind === "assign" && operation.assigneeId) {
    const [member] = await tx`
      select 1 from public.workspace_members where workspace_id = ${actor.workspaceId} and user_id = ${operation.assigneeId}`;
    if (!member) throw new AppError("invalid", "errors.inbox.assignMembersOnly");
  }
  if (operation.kind === "set_team" && operation.teamId) {
    const [team] = await tx`select 1 from public.teams where workspace_id = ${actor.workspaceId} and id = ${operation.teamId}`;
    if (!team) throw new AppError("not_found", "errors.teams.notFound");
  }
  if (operation.kind === "add_label" || operation.kind === "remove_label") {
    const [label] = await tx`select 1 from public.labels where workspace_id = ${actor.workspaceId} and id = ${operation.labelId}`;
    if (!label) throw new AppError("not_found", "errors.inbox.labelNotFound");
  }
  if (operation.kind === "snooze") {
    return { kind: "snooze", until: (await wakeTime(tx, actor.workspaceId, operation.snooze, now)).toISOString() };
  }
  return operation;
}

/** How many conversations a filter (and search) matches: the bulk bar's "Select all N matching". */
export async function countTarget(
  tx: Tx,
  actor: Actor,
  target: { filter: ConversationFilter; search?: string },
  country: CountryCode | undefined,
): Promise<number> {
  const search = target.search?.trim();
  const [row] = await tx<{ n: number }[]>`
    select count(*)::int as n
    from public.conversations c
    join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
    where c.workspace_id = ${actor.workspaceId} and c.last_message_at is not null
      and ${filterCondition(tx, target.filter, actor.userId)}
      ${search ? searchCondition(tx, actor.workspaceId, search, country) : tx``}`;
  return row?.n ?? 0;
}

export interface BulkResult {
  /** Conversations the target named (ids visible to the member) or the filter matched. */
  matched: number;
  /** Of those, the ones the operation changed (the others were already so). */
  changed: number;
}

/** Applies `operation` to `target` in chunks, one statement each; audited once. */
export async function runBulkAction(
  tx: Tx,
  actor: Actor,
  target: BulkTarget,
  operation: BulkOperation,
  options: { country?: CountryCode; now?: Date } = {},
): Promise<BulkResult> {
  const ready = await prepare(tx, actor, operation, options.now ?? new Date());
  const total: BulkResult = { matched: 0, changed: 0 };
  let chunk: Chunk | null = "ids" in target ? { ids: target.ids.slice(0, CHUNK) } : { after: null };
  let offset = 0;
  while (chunk) {
    const rows: { matched: number; changed: number; last: string | null }[] = await tx`
      with target as (${chunkQuery(tx, actor, target, chunk, options.country)}),
      done as (${change(tx, actor, ready)})
      select (select count(*)::int from target) as matched, (select count(*)::int from done) as changed,
             (select id from target order by id desc limit 1) as last`;
    const row = rows[0];
    if (!row) break;
    total.matched += row.matched;
    total.changed += row.changed;
    if ("ids" in target) {
      offset += CHUNK;
      chunk = offset < target.ids.length ? { ids: target.ids.slice(offset, offset + CHUNK) } : null;
    } else {
      chunk = row.matched === CHUNK && row.last ? { after: row.last } : null;
    }
  }
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    action: "conversation.bulk_updated",
    target: { type: "conversations", id: operation.kind, label: `${total.changed} conversations` },
    details: {
      operation: ready,
      matched: total.matched,
      changed: total.changed,
      ...("filter" in target
        ? { filter: target.filter satisfies ConversationFilter, search: target.search ?? null }
        : { selected: target.ids.length }),
    },
  });
  return total;
}
