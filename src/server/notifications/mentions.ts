import "server-only";
import { type ChosenMention, type MentionRange, mentionRanges } from "@/lib/mentions";
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";

export interface MentionableMember {
  id: string;
  name: string;
}

/**
 * The members a note on this conversation may mention: those who see it
 * (the workspace's visibility setting decides, as for the conversation
 * itself), the writer excepted. Empty when the caller does not see it.
 */
export function mentionableMembers(tx: Tx, workspaceId: string, userId: string, conversationId: string) {
  return tx<MentionableMember[]>`
    select m.user_id as id, m.full_name as name
    from public.list_workspace_members(${workspaceId}) m
    where m.user_id <> ${userId}
      and exists (select 1 from public.conversations c where c.workspace_id = ${workspaceId} and c.id = ${conversationId})
      and private.member_sees_conversation(m.user_id, ${conversationId})
    order by lower(m.full_name), m.user_id`;
}

/**
 * Where the chosen members are mentioned in the note, to be stored with it.
 * A member who cannot see the conversation (or is not in the workspace) is
 * refused with a sentence, not silently dropped: the writer thinks they told them.
 */
export async function noteMentions(
  tx: Tx,
  actor: { workspaceId: string; userId: string },
  conversationId: string,
  text: string,
  chosen: ChosenMention[],
): Promise<MentionRange[]> {
  const ranges = mentionRanges(text, chosen);
  if (ranges.length === 0) return [];
  const allowed = new Set((await mentionableMembers(tx, actor.workspaceId, actor.userId, conversationId)).map((m) => m.id));
  const refused = chosen.find((c) => ranges.some((r) => r.userId === c.userId) && !allowed.has(c.userId));
  if (refused) {
    throw new AppError("invalid", { key: "errors.inbox.cannotMention", values: { name: refused.name } }, undefined, {
      fields: { text: { key: "errors.inbox.cannotSee", values: { name: refused.name } } },
    });
  }
  return ranges;
}
