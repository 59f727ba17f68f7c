import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * An OpenAI-compatible model server for tests: `POST /v1/chat/completions`
 * in the Chat Completions wire format (tool calls, usage, OpenAI's error
 * bodies), driven by the app's real `openai` client. Answers are scripted
 * turn by turn; unscripted requests get a plain friendly reply. Every
 * request is recorded. Used by Vitest (startFakeOpenAi) and mounted by the
 * browser tests' fake provider (handleFakeOpenAi).
 */

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string | null; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; parameters: unknown } }[];
  authorization: string | null;
}

export type ScriptedTurn =
  | { content?: string | null; toolCalls?: { name: string; arguments: unknown }[]; delayMs?: number }
  | { status: number; error: { message: string; type: string; code?: string | null }; delayMs?: number };

export const OPENAI_ERRORS = {
  serverError: { status: 500, error: { message: "The server had an error while processing your request.", type: "server_error" } },
  rateLimited: {
    status: 429,
    error: { message: "Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded" },
  },
  invalidKey: {
    status: 401,
    error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" },
  },
} satisfies Record<string, ScriptedTurn>;

export const DEFAULT_FAKE_REPLY = "Hi! Thanks for your message. How can I help you today?";

/** The model the fake does not know (404 with OpenAI's `model_not_found` body), for a wrong model name. */
export const UNKNOWN_MODEL = "no-such-model";

export function createFakeOpenAi(options: { apiKey?: string } = {}) {
  const requests: ChatRequest[] = [];
  const script: ScriptedTurn[] = [];

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) =>
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    // GET /v1/models/{model}: OpenAI's "retrieve model", which the settings check asks.
    const model = request.method === "GET" ? /\/models\/([^/]+)$/.exec(path)?.[1] : undefined;
    if (model !== undefined) {
      const id = decodeURIComponent(model);
      if (options.apiKey && request.headers.authorization !== `Bearer ${options.apiKey}`)
        return send(401, { error: OPENAI_ERRORS.invalidKey.error });
      if (id === UNKNOWN_MODEL) {
        return send(404, {
          error: { message: `The model '${id}' does not exist`, type: "invalid_request_error", param: "model", code: "model_not_found" },
        });
      }
      return send(200, { id, object: "model", created: 1_700_000_000, owned_by: "fake-openai" });
    }
    if (request.method !== "POST" || !path.endsWith("/chat/completions")) {
      return send(404, { error: { message: `Unknown path ${path}`, type: "invalid_request_error" } });
    }
    let body: Omit<ChatRequest, "authorization">;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return send(400, { error: { message: "We could not parse the JSON body of your request.", type: "invalid_request_error" } });
    }
    const authorization = request.headers.authorization ?? null;
    requests.push({ ...body, authorization });
    if (options.apiKey && authorization !== `Bearer ${options.apiKey}`) return send(401, { error: OPENAI_ERRORS.invalidKey.error });

    const turn = script.shift() ?? { content: DEFAULT_FAKE_REPLY };
    if (turn.delayMs) await new Promise((resolve) => setTimeout(resolve, turn.delayMs));
    if ("status" in turn) return send(turn.status, { error: { code: null, param: null, ...turn.error } });

    const toolCalls = (turn.toolCalls ?? []).map((call) => ({
      id: `call_${randomBytes(8).toString("hex")}`,
      type: "function",
      function: { name: call.name, arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments) },
    }));
    const content = turn.content ?? null;
    const promptTokens = Math.ceil(JSON.stringify(body.messages).length / 4);
    const completionTokens = Math.ceil((content?.length ?? 0) / 4) + toolCalls.length * 10;
    send(200, {
      id: `chatcmpl-${randomBytes(12).toString("hex")}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content, refusal: null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
          logprobs: null,
          finish_reason: toolCalls.length > 0 ? "tool_calls" : "stop",
        },
      ],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  }

  return {
    requests,
    handle,
    /** The next requests are answered with these turns, in order. */
    script(...turns: ScriptedTurn[]) {
      script.push(...turns);
    },
    reset() {
      requests.length = 0;
      script.length = 0;
    },
  };
}

/** The fake on its own port; `baseUrl` is what a workspace's settings name (…/v1). */
export async function startFakeOpenAi(options: { apiKey?: string } = {}) {
  const fake = createFakeOpenAi(options);
  const server = createServer((request, response) => {
    fake.handle(request, response).catch((error) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("fake OpenAI server has no port");
  return {
    ...fake,
    baseUrl: `http://127.0.0.1:${address.port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Requests held open by a scripted delay would keep the server up.
        server.closeAllConnections();
      }),
  };
}

export type FakeOpenAi = Awaited<ReturnType<typeof startFakeOpenAi>>;
