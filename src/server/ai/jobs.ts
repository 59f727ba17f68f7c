import "server-only";
import { z } from "zod";
import { asService, type Tx } from "@/server/db/client";
import type { Row } from "@/server/db/rows";
import { DEAD_LETTERS, defineJob } from "@/server/jobs/define";
import { enqueue } from "@/server/jobs/enqueue";
import { answerConversation } from "./assistant";

/**
 * One job per conversation at a time: the AI assistant answers what the
 * customer wrote (answerConversation). When the customer is still writing
 * it puts itself back until they are quiet.
 */
export const aiReplyJob = defineJob({
  name: "ai.reply",
  payload: z.object({ conversationId: z.uuid() }),
  // "stately": one waiting and one running job per conversation, so a burst of messages queues one answer.
  options: { policy: "stately", retryLimit: 3, retryDelay: 5, retryBackoff: true, deadLetter: DEAD_LETTERS },
  singletonKey: ({ conversationId }) => conversationId,
  // Model calls take seconds: several side by side.
  work: { batchSize: 4, pollingIntervalSeconds: 1 },
  run: async (payload, { finalAttempt }) => {
    const result = await answerConversation(payload.conversationId, { finalAttempt });
    if (result.outcome === "waiting") await enqueue(aiReplyJob, payload, { startAfter: result.retryInSeconds });
  },
});

/** A conversation the assistant may answer, with its workspace's quiet time. */
export type AssistantDue = Pick<Row<"conversations">, "id"> & Pick<Row<"ai_settings">, "debounce_seconds">;

/** Where the assistant may speak (with `c` a conversation and `s` its workspace's ai_settings); the job re-checks under its lock. */
const mayAnswerIn = (tx: Tx) => tx`s.enabled and not c.ai_paused and not c.needs_human and c.assigned_to is null`;

/**
 * Queues the reply job: the first message of a burst queues it (delayed by
 * the quiet time); the job itself waits for the rest, and a queued job
 * absorbs later messages (one per conversation).
 */
export async function queueAssistantReplies(due: AssistantDue[]) {
  for (const conversation of due) {
    await enqueue(aiReplyJob, { conversationId: conversation.id }, { startAfter: conversation.debounce_seconds });
  }
}

/** Queues the assistant for conversations that just received a customer message, where it may answer. */
export async function scheduleAssistant(conversationIds: string[]) {
  if (conversationIds.length === 0) return;
  const due = await asService(
    (tx) => tx<AssistantDue[]>`
      select c.id, s.debounce_seconds
      from public.conversations c
      join public.ai_settings s on s.workspace_id = c.workspace_id
      where c.id = any(${[...new Set(conversationIds)]}::uuid[]) and ${mayAnswerIn(tx)}`,
  );
  await queueAssistantReplies(due);
}

/**
 * For the recovery sweep: recent customer messages in conversations the
 * assistant may answer that no run has looked at (their job was lost to a
 * crash between commit and queueing). The job decides again whether to answer.
 */
export function conversationsAwaitingAssistant(limit: number): Promise<AssistantDue[]> {
  return asService(
    (tx) => tx<AssistantDue[]>`
      select c.id, s.debounce_seconds
      from public.ai_settings s
      join public.conversations c on c.workspace_id = s.workspace_id and c.status = 'open'
      where ${mayAnswerIn(tx)}
        and c.last_message_direction = 'inbound'
        and c.last_message_at > now() - interval '10 minutes'
        and c.last_message_at < now() - make_interval(secs => s.debounce_seconds + 30)
        and not exists (select 1 from public.ai_runs r
                        where r.conversation_id = c.id and r.created_at >= c.last_message_at)
      limit ${limit}`,
  );
}
