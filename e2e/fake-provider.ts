/**
 * The WhatsApp providers' send API for browser tests, as a local HTTP
 * server (the app's META_GRAPH_URL, DIALOG360_API_URL and KAPSO_API_URL
 * point here): accepts sends and read receipts in the Cloud API's wire
 * format, answers each send with a fresh wamid, and lists what it received
 * at GET /__requests so a test can answer with status webhooks. It also
 * stands in for the AI assistant's model server (OpenAI's Chat Completions
 * under /v1, tests/support/fake-openai.ts).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { createFakeOpenAi } from "../tests/support/fake-openai";

const port = Number(process.env.FAKE_PROVIDER_PORT ?? 3199);

interface Received {
  path: string;
  body: Record<string, unknown>;
  wamid: string | null;
}

const received: Received[] = [];
const model = createFakeOpenAi();

const server = createServer(async (request, response) => {
  if (request.url?.startsWith("/v1/")) return model.handle(request, response);
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  const json = (status: number, body: unknown) =>
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

  if (request.method === "GET" && path === "/__requests") return json(200, received);
  if (request.method === "GET" && path === "/health") return json(200, { ok: true });
  if (request.method === "POST" && path.endsWith("/messages")) {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
    } catch {
      return json(400, { error: { message: "Invalid JSON", code: 100 } });
    }
    if (body.status === "read") {
      received.push({ path, body, wamid: null });
      return json(200, { success: true });
    }
    const wamid = `wamid.E2E${randomBytes(12).toString("hex").toUpperCase()}`;
    received.push({ path, body, wamid });
    return json(200, { messaging_product: "whatsapp", contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: wamid }] });
  }
  return json(404, { error: { message: `Unsupported request ${request.method} ${path}`, code: 100 } });
});

server.listen(port, "127.0.0.1", () => console.log(`fake provider on http://127.0.0.1:${port}`));
