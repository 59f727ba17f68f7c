import "server-only";
import type { Tx } from "@/server/db/client";
import { workspaceTopic } from "./hub";

/**
 * The Supabase Realtime topics a member joins (migration 20261207030000
 * publishes each conversation to its audiences, and its policy on
 * realtime.messages admits exactly these): the workspace's own when they
 * see every conversation, else their own, their teams' and the unassigned
 * topic. Asked as the member (`tx` under their RLS).
 */
export async function liveTopics(tx: Tx, workspaceId: string, userId: string): Promise<string[]> {
  const [row] = await tx<{ sees_all: boolean; teams: string[] }[]>`
    select ${workspaceId}::uuid in (select private.all_conversations_workspaces()) as sees_all,
           array(select t.team_id from public.team_members t where t.workspace_id = ${workspaceId} and t.user_id = ${userId})::text[] as teams`;
  const topic = workspaceTopic(workspaceId);
  if (row?.sees_all) return [topic];
  return [`${topic}:user:${userId}`, `${topic}:unassigned`, ...(row?.teams ?? []).map((team) => `${topic}:team:${team}`)];
}
