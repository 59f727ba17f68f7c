import "server-only";
import { listStages } from "@/server/contacts/queries";
import { asService } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { converse, type RecordedToolCall } from "./converse";
import { ModelError } from "./model";
import { buildPrompt, type ContactFacts } from "./prompt";
import { loadAssistantConfig, tokensUsedThisMonth } from "./settings";

export interface PlaygroundTurn {
  from: "customer" | "assistant";
  text: string;
}

export interface PlaygroundAnswer {
  reply: string | null;
  toolCalls: RecordedToolCall[];
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
}

/** The playground's customer: nothing known yet, like a new number writing for the first time. */
const NEW_CUSTOMER: ContactFacts = {
  name: null,
  phone: null,
  email: null,
  leadStatus: "new",
  leadScore: 0,
  tags: [],
  notes: null,
  customAttributes: {},
};

/**
 * The saved settings answering a made-up conversation, exactly as a real
 * run would be prompted, but nothing is sent, written or recorded: tool
 * calls are validated and shown, never applied. The budget still applies.
 */
export async function tryAssistant(workspaceId: string, turns: PlaygroundTurn[]): Promise<PlaygroundAnswer> {
  const { config, used, stages } = await asService(async (tx) => ({
    config: await loadAssistantConfig(tx, workspaceId),
    used: await tokensUsedThisMonth(tx, workspaceId),
    stages: (await listStages(tx, workspaceId)).map((stage) => stage.key),
  }));
  if (!config) throw new AppError("conflict", "errors.assistant.saveSettingsFirst");
  if (config.monthlyTokenBudget !== null && used >= config.monthlyTokenBudget) {
    throw new AppError("conflict", "errors.assistant.budgetSpent");
  }
  const thread = turns.map((turn) => ({
    direction: turn.from === "customer" ? ("inbound" as const) : ("outbound" as const),
    type: "text",
    body: turn.text,
  }));
  const started = performance.now();
  try {
    const exchange = await converse(config, buildPrompt(config, NEW_CUSTOMER, thread, stages), stages);
    return {
      reply: exchange.reply,
      toolCalls: exchange.recorded,
      promptTokens: exchange.promptTokens,
      completionTokens: exchange.completionTokens,
      latencyMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (error instanceof ModelError) throw new AppError("conflict", error.text, undefined, { technical: error.technical });
    throw error;
  }
}
