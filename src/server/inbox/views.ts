import "server-only";
import { type ConversationFilter, compactFilter, conversationFilter, PRESET_VIEWS } from "@/lib/conversation-filter";
import { recordAudit } from "@/server/audit/record";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { AppError } from "@/server/errors";
import type { ActingMember, Actor } from "@/server/workspaces/actor";
import { filterCondition } from "./queries";

/**
 * Saved inbox views: a name and a filter, personal (owner_id = the member)
 * or shared with the workspace (owner_id null, admins only; RLS enforces
 * both). A stored filter is parsed again on read: one saved by an older
 * version that no longer parses is shown as broken rather than guessed at.
 */
export type InboxView = With<Pick<Row<"inbox_views">, "id" | "name" | "owner_id" | "position">, { filter: ConversationFilter | null }> & {
  shared: boolean;
};

const notFound = () => new AppError("not_found", "errors.inbox.viewNotFound");

export async function listViews(tx: Tx, workspaceId: string): Promise<InboxView[]> {
  const rows = await tx<(Pick<Row<"inbox_views">, "id" | "name" | "owner_id" | "position"> & { filter: unknown })[]>`
    select id, name, owner_id, position, filter from public.inbox_views
    where workspace_id = ${workspaceId}
    order by owner_id is not null, position, lower(name), id`;
  return rows.map((row) => {
    const parsed = conversationFilter.safeParse(row.filter);
    return { ...row, filter: parsed.success ? parsed.data : null, shared: row.owner_id === null };
  });
}

/** A personal view of the current filter, placed after the member's others. */
export async function createView(tx: Tx, actor: Actor, name: string, filter: ConversationFilter): Promise<InboxView> {
  const [row] = await tx<Pick<Row<"inbox_views">, "id" | "name" | "owner_id" | "position">[]>`
    insert into public.inbox_views (workspace_id, owner_id, name, filter, position)
    values (${actor.workspaceId}, ${actor.userId}, ${name}, ${tx.json(compactFilter(filter) as never)},
            (select coalesce(max(position) + 1, 0) from public.inbox_views
             where workspace_id = ${actor.workspaceId} and owner_id = ${actor.userId}))
    returning id, name, owner_id, position`;
  if (!row) throw new Error("insert returned no row");
  return { ...row, filter: compactFilter(filter), shared: false };
}

/** Renames or refilters a view the member may write (their own; shared ones if admin). */
export async function updateView(
  tx: Tx,
  workspaceId: string,
  viewId: string,
  changes: { name?: string; filter?: ConversationFilter },
): Promise<void> {
  const rows = await tx`
    update public.inbox_views set
      name = coalesce(${changes.name ?? null}, name),
      filter = coalesce(${changes.filter ? tx.json(compactFilter(changes.filter) as never) : null}::jsonb, filter)
    where workspace_id = ${workspaceId} and id = ${viewId}
    returning id`;
  if (rows.length === 0) throw notFound();
}

export async function deleteView(tx: Tx, workspaceId: string, viewId: string): Promise<void> {
  const rows = await tx`delete from public.inbox_views where workspace_id = ${workspaceId} and id = ${viewId} returning id`;
  if (rows.length === 0) throw notFound();
}

/**
 * Shares a member's own view with the whole workspace (admins only: RLS
 * refuses anyone else's write of owner_id null). Audited: every member
 * sees it appear in their sidebar.
 */
export async function shareView(tx: Tx, actor: ActingMember, viewId: string): Promise<void> {
  if (actor.role === "agent") throw new AppError("forbidden", "errors.inbox.onlyAdminsShareViews");
  const [row] = await tx<{ name: string }[]>`
    update public.inbox_views set owner_id = null
    where workspace_id = ${actor.workspaceId} and id = ${viewId} and owner_id = ${actor.userId}
    returning name`;
  if (!row) throw notFound();
  await recordAudit(tx, {
    workspaceId: actor.workspaceId,
    action: "inbox_view.shared",
    target: { type: "inbox_view", id: viewId, label: row.name },
  });
}

/**
 * How many conversations each filter matches, in ONE statement: a single
 * pass over the workspace's listed conversations with one
 * `count(*) filter (where …)` per filter. The contact is a left join on its
 * unique key, which the planner drops when no filter asks about contacts.
 * Cost grows with the workspace's conversations, not with the number of
 * views. Broken filters count null.
 */
export async function countMatching(
  tx: Tx,
  workspaceId: string,
  userId: string,
  filters: (ConversationFilter | null)[],
): Promise<(number | null)[]> {
  const usable = filters.flatMap((filter, index) => (filter ? [{ filter, index }] : []));
  if (usable.length === 0) return filters.map(() => null);
  const counts = usable.map(({ filter }, i) => tx`count(*) filter (where ${filterCondition(tx, filter, userId)})::int as ${tx(`n${i}`)}`);
  const columns = counts.slice(1).reduce((all, count) => tx`${all}, ${count}`, counts[0] ?? tx``);
  const [row] = await tx<Record<string, number>[]>`
    select ${columns}
    from public.conversations c
    left join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
    where c.workspace_id = ${workspaceId} and c.last_message_at is not null`;
  const result: (number | null)[] = filters.map(() => null);
  usable.forEach(({ index }, i) => {
    result[index] = row?.[`n${i}`] ?? 0;
  });
  return result;
}

/** The sidebar: built-in presets, then shared views, then the member's own, each with its live count. */
export async function sidebarViews(tx: Tx, workspaceId: string, userId: string) {
  const views = await listViews(tx, workspaceId);
  const counts = await countMatching(tx, workspaceId, userId, [...PRESET_VIEWS.map((p) => p.filter), ...views.map((v) => v.filter)]);
  return {
    presets: PRESET_VIEWS.map((preset, i) => ({ ...preset, count: counts[i] ?? null })),
    views: views.map((view, i) => ({ ...view, count: counts[PRESET_VIEWS.length + i] ?? null })),
  };
}
