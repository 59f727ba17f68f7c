import "server-only";
import type { NotificationKind } from "@/lib/notifications";
import type { Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import type { Actor } from "@/server/workspaces/actor";

/** One line of the notification centre. */
export type NotificationItem = With<
  Pick<Row<"notifications">, "id" | "conversation_id" | "message_id" | "read_at">,
  { kind: NotificationKind; created_at: string }
> & {
  /** The customer's name (or number). */
  contact_name: string | null;
  actor_name: string | null;
  /** The note or message it is about, else the conversation's last message. */
  preview: string | null;
};

export interface NotificationPage {
  items: NotificationItem[];
  /** Pass as `before` for the next (older) page; null on the last. */
  next: string | null;
  unread: number;
}

/** Cursor: the last item's created_at (microseconds, as text) and id. */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}(?::\d{2})?))\|([0-9a-f-]{36})$/i;

/** The member's notifications in this workspace, newest first (RLS: only their own). */
export async function listNotifications(
  tx: Tx,
  actor: Actor,
  options: { before?: string | null; limit: number },
): Promise<NotificationPage> {
  const cursor = options.before ? CURSOR.exec(options.before) : null;
  const rows = await tx<NotificationItem[]>`
    with members as (select user_id, full_name from public.list_workspace_members(${actor.workspaceId}))
    select n.id, n.kind, n.conversation_id, n.message_id, n.read_at,
           to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at,
           coalesce(k.name, k.profile_name, k.phone_e164) as contact_name,
           u.full_name as actor_name,
           left(coalesce(m.body, c.last_message_preview), 200) as preview
    from public.notifications n
    left join public.conversations c on c.workspace_id = n.workspace_id and c.id = n.conversation_id
    left join public.contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
    left join public.messages m on m.workspace_id = n.workspace_id and m.id = n.message_id
    left join members u on u.user_id = n.actor_user_id
    where n.workspace_id = ${actor.workspaceId} and n.user_id = ${actor.userId}
      ${cursor ? tx`and (n.created_at, n.id) < (${cursor[1] ?? ""}::timestamptz, ${cursor[2] ?? ""}::uuid)` : tx``}
    order by n.created_at desc, n.id desc
    limit ${options.limit + 1}`;
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  return {
    items,
    next: rows.length > options.limit && last ? `${last.created_at}|${last.id}` : null,
    unread: await unreadCount(tx, actor),
  };
}

export async function unreadCount(tx: Tx, actor: Actor): Promise<number> {
  const [row] = await tx<{ n: number }[]>`
    select count(*)::int as n from public.notifications
    where workspace_id = ${actor.workspaceId} and user_id = ${actor.userId} and read_at is null`;
  return row?.n ?? 0;
}

/** Marks these (or, with `all`, every one of the member's) read; returns the unread count after. */
export async function markNotificationsRead(tx: Tx, actor: Actor, target: { ids: string[] } | { all: true }): Promise<number> {
  await tx`
    update public.notifications set read_at = now()
    where workspace_id = ${actor.workspaceId} and user_id = ${actor.userId} and read_at is null
      ${"ids" in target ? tx`and id = any(${target.ids}::uuid[])` : tx``}`;
  return unreadCount(tx, actor);
}
