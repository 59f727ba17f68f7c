import "server-only";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { complete, type ModelConnection } from "./model";
import { assistantTools, parseToolCall, type ToolCall } from "./tools";

/** A tool call as recorded in ai_runs and shown to admins. */
export interface RecordedToolCall {
  name: string;
  arguments: unknown;
  accepted: boolean;
  error?: string;
  /** "rule" when the server handed over by itself (reply limit), not the model. */
  by?: "model" | "rule";
}

export interface Exchange {
  reply: string | null;
  /** The tool calls that passed validation, in order; to apply (a run) or to show (the playground). */
  accepted: ToolCall[];
  recorded: RecordedToolCall[];
  promptTokens: number;
  completionTokens: number;
}

/** Rounds of tool calls before the model must have answered. */
const MAX_ROUNDS = 3;

function parsedArguments(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

/**
 * Talks with the model until it has replied: each tool call is validated and
 * answered (the model learns what was refused and why) but not applied; the
 * caller applies the accepted calls together with the reply. A handover ends
 * the exchange, with the model's text (if any) as the holding message.
 */
export async function converse(
  connection: ModelConnection,
  prompt: ChatCompletionMessageParam[],
  stages: readonly string[],
): Promise<Exchange> {
  const messages = [...prompt];
  const tools = assistantTools(stages);
  const exchange: Exchange = { reply: null, accepted: [], recorded: [], promptTokens: 0, completionTokens: 0 };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const turn = await complete(connection, messages, tools);
    exchange.promptTokens += turn.promptTokens;
    exchange.completionTokens += turn.completionTokens;
    exchange.reply = turn.text;
    if (turn.toolCalls.length === 0) break;

    messages.push({
      role: "assistant",
      content: turn.text,
      tool_calls: turn.toolCalls.map((call) => ({
        id: call.id,
        type: "function" as const,
        function: { name: call.name, arguments: call.arguments },
      })),
    });
    let handedOver = false;
    for (const call of turn.toolCalls) {
      const parsed = parseToolCall(call.name, call.arguments, stages);
      exchange.recorded.push({
        name: call.name,
        arguments: parsedArguments(call.arguments),
        accepted: parsed.ok,
        ...(parsed.ok ? {} : { error: parsed.error }),
        by: "model",
      });
      if (parsed.ok) {
        exchange.accepted.push(parsed.call);
        handedOver ||= parsed.call.name === "handoff_to_human";
      }
      messages.push({
        role: "tool",
        tool_call_id: call.id,
        content: parsed.ok
          ? parsed.call.name === "handoff_to_human"
            ? "Handed over: a person will take this conversation."
            : "Saved."
          : `Refused: ${parsed.error}`,
      });
    }
    if (handedOver) break;
  }
  return exchange;
}
