import "server-only";
import OpenAI, { type ClientOptions } from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { env } from "@/server/env";
import { type ErrorText, render } from "@/server/errors";
import { refusalOf, safeFetch } from "@/server/net/outbound";

export interface ModelConnection {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  /** How long one call may take before it counts as unanswered (the workspace's setting, in ms). */
  timeoutMs: number;
}

export interface ToolCallRequest {
  id: string;
  name: string;
  /** The model's JSON text, parsed and validated by tools.ts. */
  arguments: string;
}

export interface ModelTurn {
  text: string | null;
  toolCalls: ToolCallRequest[];
  promptTokens: number;
  completionTokens: number;
}

/**
 * A call that did not produce an answer; `retryable` when trying again later
 * may help (429, 5xx, timeouts). `text` is for the admin, in their language
 * (`message` is its English sentence, for logs and stored runs); `technical`
 * keeps the client's own words for logs and the "Details" disclosure.
 */
export class ModelError extends Error {
  constructor(
    readonly text: ErrorText,
    readonly retryable: boolean,
    readonly technical?: string,
  ) {
    super(render(text));
    this.name = "ModelError";
  }
}

function describe(error: unknown, connection: ModelConnection): ModelError {
  const refusal = refusalOf(error);
  if (refusal) return new ModelError({ key: "errors.ai.notCalled", values: { reason: refusal.reason } }, false);
  const host = URL.parse(connection.baseUrl)?.host ?? connection.baseUrl;
  if (error instanceof OpenAI.APIConnectionTimeoutError)
    return new ModelError({ key: "errors.ai.timeout", values: { host, seconds: connection.timeoutMs / 1000 } }, true, error.message);
  if (error instanceof OpenAI.APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return new ModelError({ key: "errors.ai.unreachable", values: { host } }, true, `${error.message}${cause}`);
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    return new ModelError(
      { key: "errors.ai.answered", values: { status: String(status), reason: error.message } },
      retryable,
      error.message,
    );
  }
  return new ModelError({ text: error instanceof Error ? error.message : String(error) }, false);
}

const publicOnlyFetch: ClientOptions["fetch"] = (url, init) => {
  // openai passes the URL as a string; a Request would carry a method and body this does not forward.
  if (url instanceof Request) throw new TypeError("expected a URL, not a Request");
  return safeFetch(url, init);
};

function clientFor(connection: ModelConnection): OpenAI {
  return new OpenAI({
    baseURL: connection.baseUrl,
    // Local servers (Ollama) take any key; OpenAI answers 401 without one, which is reported as such.
    apiKey: connection.apiKey ?? "no-key",
    timeout: connection.timeoutMs,
    maxRetries: 0,
    // A workspace's own base URL must lead to a public address unless the operator allowed its host; the
    // operator's default (AI_DEFAULT_BASE_URL) is theirs to point anywhere, like the provider API bases.
    ...(connection.baseUrl === env().AI_DEFAULT_BASE_URL ? {} : { fetch: publicOnlyFetch }),
  });
}

/**
 * Asks the model server about the configured model (GET /models/{model},
 * which OpenAI, Ollama and vLLM answer without spending tokens): the
 * server is reachable, the key is accepted and the model is known.
 */
export async function checkModel(connection: ModelConnection): Promise<void> {
  try {
    await clientFor(connection).models.retrieve(connection.model);
  } catch (error) {
    if (error instanceof OpenAI.NotFoundError)
      throw new ModelError({ key: "errors.ai.unknownModel", values: { model: connection.model } }, false, error.message);
    throw describe(error, connection);
  }
}

/**
 * One Chat Completions call through the `openai` client, against OpenAI or
 * any compatible server. No retries here: the job queue retries with backoff,
 * so a slow model never holds a worker in a loop.
 */
export async function complete(
  connection: ModelConnection,
  messages: ChatCompletionMessageParam[],
  tools: ChatCompletionTool[],
): Promise<ModelTurn> {
  const client = clientFor(connection);
  let completion: OpenAI.Chat.Completions.ChatCompletion;
  try {
    completion = await client.chat.completions.create({
      model: connection.model,
      messages,
      tools,
      tool_choice: "auto",
      temperature: 0.3,
    });
  } catch (error) {
    throw describe(error, connection);
  }
  const message = completion.choices[0]?.message;
  if (!message) throw new ModelError("errors.ai.noMessage", true);
  return {
    text: message.content?.trim() || null,
    toolCalls: (message.tool_calls ?? []).flatMap((call) =>
      call.type === "function" ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : [],
    ),
    promptTokens: completion.usage?.prompt_tokens ?? 0,
    completionTokens: completion.usage?.completion_tokens ?? 0,
  };
}
