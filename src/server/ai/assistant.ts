import "server-only";
import { type BusinessHours, isOpenAt } from "@/lib/business-hours";
import { storeNotes } from "@/lib/stored-notes";
import { listStages } from "@/server/contacts/queries";
import { asService, type Tx } from "@/server/db/client";
import type { Row, With } from "@/server/db/rows";
import { type ErrorText, render } from "@/server/errors";
import { queueAssistantReply } from "@/server/inbox/commands";
import { converse, type Exchange, type RecordedToolCall } from "./converse";
import { ModelError } from "./model";
import { buildPrompt, type ContactFacts, type ThreadMessage } from "./prompt";
import { type AssistantConfig, type BusinessHoursMode, loadAssistantConfig, tokensUsedThisMonth } from "./settings";
import { applyLeadUpdate } from "./tools";

/**
 * What became of one job:
 * - "skipped": nothing to answer (assistant off or paused, handed over, window closed, outside its hours,
 *   already answered);
 * - "waiting": the customer is still typing (a message younger than the quiet time), asked again later;
 * - otherwise the outcome recorded on the run.
 */
export type AssistantResult =
  | { outcome: "skipped" }
  | { outcome: "waiting"; retryInSeconds: number }
  | { outcome: "replied" | "handed_off" | "no_reply" | "superseded" | "failed" | "budget_exhausted"; runId: string };

type ConversationState = Pick<
  Row<"conversations">,
  "id" | "workspace_id" | "contact_id" | "ai_paused" | "needs_human" | "assigned_to" | "ai_replies"
> & { window_open: boolean };

/** The conversation, locked until the transaction ends, and whether the assistant may speak in it. */
async function lockConversation(tx: Tx, conversationId: string) {
  const [state] = await tx<ConversationState[]>`
    select id, workspace_id, contact_id, ai_paused, needs_human, assigned_to, ai_replies,
           coalesce(last_customer_message_at + interval '24 hours' > now(), false) as window_open
    from public.conversations where id = ${conversationId}
    for update`;
  if (!state) return null;
  const config = await loadAssistantConfig(tx, state.workspace_id);
  // The assistant never answers once a person took over (replied, or owns it) or after the 24-hour window.
  const mayAnswer = Boolean(config?.enabled) && !state.ai_paused && !state.needs_human && state.assigned_to === null && state.window_open;
  return { state, config, mayAnswer };
}

/**
 * The customer's messages the assistant has not answered yet: after the last
 * finished run and after the business's last reply by a person. `until` is
 * when the newest was stored, as exact text (microseconds), the run's key.
 */
async function unansweredMessages(tx: Tx, conversation: ConversationState) {
  return tx<{ id: string; until: string; age_seconds: number }[]>`
    with answered as (
      select greatest(
        (select max(trigger_until) from public.ai_runs
         where workspace_id = ${conversation.workspace_id} and conversation_id = ${conversation.id}
           and outcome not in ('running', 'superseded')),
        (select max(created_at) from public.messages
         where conversation_id = ${conversation.id} and direction = 'outbound' and type <> 'note' and sender_type <> 'ai')
      ) as until
    )
    select m.id, m.created_at::text as until, extract(epoch from clock_timestamp() - m.created_at)::float8 as age_seconds
    from public.messages m, answered
    where m.conversation_id = ${conversation.id} and m.direction = 'inbound' and not m.is_historical
      and m.type not in ('reaction', 'note') and m.sent_at > now() - interval '24 hours'
      and m.created_at > coalesce(answered.until, '-infinity')
    order by m.created_at, m.id`;
}

/** Whether the assistant's hours setting lets it answer now (the team's own hours are theirs, or the reverse). */
async function withinAnsweringHours(tx: Tx, workspaceId: string, mode: BusinessHoursMode): Promise<boolean> {
  if (mode === "always") return true;
  const [workspace] = await tx<With<Pick<Row<"workspaces">, "time_zone" | "business_hours">, { business_hours: BusinessHours }>[]>`
    select time_zone, business_hours from public.workspaces where id = ${workspaceId}`;
  if (!workspace) return false;
  const open = isOpenAt(workspace.business_hours, workspace.time_zone, new Date());
  return mode === "outside_hours" ? !open : open;
}

/**
 * Our own reasons are stored as catalogue keys (read in each agent's language,
 * src/lib/stored-notes.ts); the model's reason is its own words, as it wrote them.
 */
async function flagForHuman(tx: Tx, conversation: ConversationState, reason: string | ErrorText[]) {
  const stored = typeof reason === "string" ? reason.slice(0, 500) : storeNotes(reason);
  await tx`
    update public.conversations set needs_human = true, needs_human_reason = ${stored}, needs_human_at = now()
    where workspace_id = ${conversation.workspace_id} and id = ${conversation.id} and not needs_human`;
}

async function threadFor(tx: Tx, conversation: ConversationState, limit: number) {
  const thread = await tx<ThreadMessage[]>`
    select direction, type, body from (
      select direction, type, body, sent_at, created_at, id from public.messages
      where conversation_id = ${conversation.id} and type not in ('note', 'reaction', 'system') and revoked_at is null
      order by sent_at desc, created_at desc, id desc
      limit ${limit}
    ) newest
    order by sent_at, created_at, id`;
  const [contact] = await tx<ContactFacts[]>`
    select coalesce(name, profile_name) as name, phone_e164 as phone, email, lead_status as "leadStatus",
           lead_score as "leadScore", tags, notes, custom_attributes as "customAttributes"
    from public.contacts where workspace_id = ${conversation.workspace_id} and id = ${conversation.contact_id}`;
  if (!contact) throw new Error(`contact ${conversation.contact_id} of conversation ${conversation.id} is missing`);
  return { thread, contact };
}

interface PreparedRun {
  runId: string;
  until: string;
  conversation: ConversationState;
  config: AssistantConfig;
  /** The workspace's pipeline stage keys: the only statuses update_lead accepts. */
  stages: string[];
  prompt: ReturnType<typeof buildPrompt>;
}

type Preparation = AssistantResult | { outcome: "ready"; run: PreparedRun };

/** Decides under the conversation's lock whether to call the model, and records the run it starts. */
function prepare(conversationId: string): Promise<Preparation> {
  return asService(async (tx): Promise<Preparation> => {
    const locked = await lockConversation(tx, conversationId);
    if (!locked?.mayAnswer || !locked.config) return { outcome: "skipped" };
    const { state: conversation, config } = locked;
    if (!(await withinAnsweringHours(tx, conversation.workspace_id, config.businessHoursMode))) return { outcome: "skipped" };
    const messages = await unansweredMessages(tx, conversation);
    const newest = messages.at(-1);
    if (!newest) return { outcome: "skipped" };
    // Bursts: answer once the customer has been quiet for a moment, all messages together.
    if (newest.age_seconds < config.debounceSeconds) {
      return { outcome: "waiting", retryInSeconds: Math.max(1, Math.ceil(config.debounceSeconds - newest.age_seconds)) };
    }

    const [run] = await tx<Pick<Row<"ai_runs">, "id" | "outcome">[]>`
      insert into public.ai_runs (workspace_id, conversation_id, trigger_until, trigger_message_ids, model, attempts)
      values (${conversation.workspace_id}, ${conversation.id}, ${newest.until}::text::timestamptz,
              ${messages.map((m) => m.id)}::uuid[], ${config.model}, 1)
      on conflict (workspace_id, conversation_id, trigger_until) do update set
        attempts = ai_runs.attempts + 1,
        model = excluded.model,
        outcome = case when ai_runs.outcome = 'superseded' then 'running' else ai_runs.outcome end
      returning id, outcome`;
    if (run?.outcome !== "running") return { outcome: "skipped" };

    const finishWithoutModel = async (outcome: "handed_off" | "budget_exhausted", reason: ErrorText[], calls: RecordedToolCall[]) => {
      const replyId = outcome === "handed_off" ? await sendReply(tx, conversation, run.id, config.holdingMessage) : null;
      await flagForHuman(tx, conversation, reason);
      await finishRun(tx, run.id, { outcome, toolCalls: calls, replyMessageId: replyId });
      return { outcome, runId: run.id } as const;
    };
    if (config.monthlyTokenBudget !== null && (await tokensUsedThisMonth(tx, conversation.workspace_id)) >= config.monthlyTokenBudget) {
      return finishWithoutModel("budget_exhausted", ["errors.ai.handoff.budgetSpent"], []);
    }
    if (config.maxAiReplies !== null && conversation.ai_replies >= config.maxAiReplies) {
      const reason: ErrorText = { key: "errors.ai.handoff.replyLimit", values: { count: conversation.ai_replies } };
      const call = { name: "handoff_to_human", arguments: { reason: render(reason) }, accepted: true, by: "rule" } as const;
      return finishWithoutModel("handed_off", [reason], [call]);
    }

    const { thread, contact } = await threadFor(tx, conversation, config.historyMessages);
    const stages = (await listStages(tx, conversation.workspace_id)).map((stage) => stage.key);
    const prompt = buildPrompt(config, contact, thread, stages);
    return { outcome: "ready", run: { runId: run.id, until: newest.until, conversation, config, stages, prompt } };
  });
}

async function sendReply(tx: Tx, conversation: ConversationState, runId: string, text: string | null) {
  if (!text?.trim()) return null;
  const message = await queueAssistantReply(tx, conversation.workspace_id, {
    conversationId: conversation.id,
    idempotencyKey: `ai-run:${runId}`,
    text,
  });
  await tx`update public.conversations set ai_replies = ai_replies + 1 where id = ${conversation.id}`;
  return message.id;
}

async function finishRun(
  tx: Tx,
  runId: string,
  result: {
    outcome: string;
    toolCalls?: RecordedToolCall[];
    replyMessageId?: string | null;
    tokens?: { prompt: number; completion: number };
    latencyMs?: number;
    error?: string | null;
  },
) {
  await tx`
    update public.ai_runs set
      outcome = ${result.outcome},
      tool_calls = ${tx.json((result.toolCalls ?? []) as never)},
      reply_message_id = ${result.replyMessageId ?? null},
      prompt_tokens = prompt_tokens + ${result.tokens?.prompt ?? 0},
      completion_tokens = completion_tokens + ${result.tokens?.completion ?? 0},
      latency_ms = ${result.latencyMs ?? null},
      error = ${result.error ?? null},
      finished_at = case when ${result.outcome} = 'running' then null else now() end
    where id = ${runId}`;
}

/**
 * Applies the model's answer under the conversation's lock. If a person took
 * over or the customer wrote again while the model was thinking, the answer
 * is dropped ("superseded"): the newer message's job answers everything
 * together, and nobody gets a reply that ignores what they just said.
 */
function apply(run: PreparedRun, exchange: Exchange, latencyMs: number): Promise<AssistantResult> {
  return asService(async (tx) => {
    const tokens = { prompt: exchange.promptTokens, completion: exchange.completionTokens };
    const locked = await lockConversation(tx, run.conversation.id);
    const [newer] = locked?.mayAnswer
      ? await tx`
          select 1 from public.messages
          where conversation_id = ${run.conversation.id} and direction = 'inbound' and not is_historical
            and type not in ('reaction', 'note') and created_at > ${run.until}::text::timestamptz
          limit 1`
      : [null];
    if (!locked?.mayAnswer || newer) {
      await finishRun(tx, run.runId, { outcome: "superseded", toolCalls: exchange.recorded, tokens, latencyMs });
      return { outcome: "superseded", runId: run.runId };
    }

    const scope = { workspaceId: run.conversation.workspace_id, contactId: locked.state.contact_id };
    for (const call of exchange.accepted) {
      if (call.name === "update_lead") await applyLeadUpdate(tx, scope, call.update);
    }
    const handoff = exchange.accepted.find((call) => call.name === "handoff_to_human");
    const text = handoff ? (exchange.reply ?? run.config.holdingMessage) : exchange.reply;
    const replyMessageId = await sendReply(tx, locked.state, run.runId, text);
    if (handoff) await flagForHuman(tx, locked.state, handoff.reason);
    const outcome = handoff ? "handed_off" : replyMessageId ? "replied" : "no_reply";
    await finishRun(tx, run.runId, { outcome, toolCalls: exchange.recorded, replyMessageId, tokens, latencyMs });
    return { outcome, runId: run.runId };
  });
}

/** After the last attempt, or on an error retrying cannot fix, a person is asked to answer instead. */
function fail(run: PreparedRun, error: ModelError, latencyMs: number, final: boolean): Promise<void> {
  return asService(async (tx) => {
    const locked = await lockConversation(tx, run.conversation.id);
    await finishRun(tx, run.runId, { outcome: final ? "failed" : "running", latencyMs, error: error.message });
    if (final && locked) await flagForHuman(tx, locked.state, ["errors.ai.handoff.couldNotAnswer", error.text]);
  });
}

/**
 * The job behind every AI reply (one per conversation at a time): checks
 * that the assistant may answer, waits out a burst, calls the model outside
 * any transaction, then applies its answer. A retryable model failure (429,
 * 5xx, timeout) is thrown for the queue to retry with backoff.
 */
export async function answerConversation(conversationId: string, options: { finalAttempt: boolean }): Promise<AssistantResult> {
  const prepared = await prepare(conversationId);
  if (prepared.outcome !== "ready") return prepared;
  const { run } = prepared;
  const started = performance.now();
  let exchange: Exchange;
  try {
    exchange = await converse(run.config, run.prompt, run.stages);
  } catch (error) {
    const modelError = error instanceof ModelError ? error : new ModelError({ text: String(error) }, false);
    const final = options.finalAttempt || !modelError.retryable;
    await fail(run, modelError, Math.round(performance.now() - started), final);
    if (!final) throw modelError;
    return { outcome: "failed", runId: run.runId };
  }
  return apply(run, exchange, Math.round(performance.now() - started));
}
