/**
 * The WhatsApp providers' send API for browser tests, as a local HTTP
 * server (the app's META_GRAPH_URL, DIALOG360_API_URL and KAPSO_API_URL
 * point here): accepts sends and read receipts in the Cloud API's wire
 * format, answers each send with a fresh wamid, and lists what it received
 * at GET /__requests so a test can answer with status webhooks; media
 * uploads get a media id and are listed there too. It also
 * stands in for the AI assistant's model server (OpenAI's Chat Completions
 * under /v1, tests/support/fake-openai.ts), for Kapso's Platform API and
 * its hosted setup page (under /kapso/platform/v1,
 * tests/support/fake-kapso-platform.ts), for 360dialog's key check
 * (GET /health_status) and webhook setting (POST /v1/configs/webhook), and
 * for a customer's endpoint of outbound webhooks: POST /__webhook-receiver
 * records the request (headers and raw body, for the test to verify the
 * signature) and answers 200; GET lists what it got. Message templates
 * (create, list, header-sample upload, approval): e2e/fake-templates.ts.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { createFakeKapsoPlatform } from "../tests/support/fake-kapso-platform";
import { createFakeOpenAi } from "../tests/support/fake-openai";
import { handleTemplateRequest } from "./fake-templates";
import { E2E_KAPSO_API_KEY, KAPSO_PLATFORM_PATH } from "./support";

const port = Number(process.env.FAKE_PROVIDER_PORT ?? 3199);

interface Received {
  path: string;
  body: Record<string, unknown>;
  wamid: string | null;
}

const received: Received[] = [];
const webhooks: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
const model = createFakeOpenAi();
const kapso = createFakeKapsoPlatform({ apiKey: E2E_KAPSO_API_KEY, basePath: KAPSO_PLATFORM_PATH });
kapso.setOrigin(`http://127.0.0.1:${port}`);

const server = createServer(async (request, response) => {
  // /v1/configs/… is 360dialog's; the rest of /v1 is the model server's.
  if (request.url?.startsWith("/v1/") && !request.url.startsWith("/v1/configs/")) return model.handle(request, response);
  if (await kapso.handle(request, response)) return;
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  const json = (status: number, body: unknown) =>
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

  if (request.method === "GET" && path === "/__requests") return json(200, received);
  const template = handleTemplateRequest(
    request.method ?? "GET",
    new URL(request.url ?? "/", "http://localhost"),
    request.headers,
    Buffer.concat(chunks),
  );
  if (template) return json(template.status, template.body);
  if (request.method === "GET" && path === "/health") return json(200, { ok: true });
  // 360dialog: any key names a number of its own (its id derived from the key).
  if (request.method === "GET" && path === "/health_status") {
    const key = String(request.headers["d360-api-key"] ?? "");
    if (!key) return json(401, { meta: { success: false, http_code: 401, developer_message: "Invalid api key" } });
    const id = `3${createHash("sha256").update(key).digest().readUIntBE(0, 6).toString().padStart(15, "0")}`;
    return json(200, {
      health_status: { can_send_message: "AVAILABLE", entities: [{ entity_type: "PHONE_NUMBER", id, can_send_message: "AVAILABLE" }] },
    });
  }
  if (request.method === "POST" && path === "/v1/configs/webhook") {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { url?: string };
    received.push({ path, body, wamid: null });
    return json(200, { url: body.url });
  }
  if (path === "/__webhook-receiver") {
    if (request.method === "GET") return json(200, webhooks);
    webhooks.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
    return json(200, { received: true });
  }
  // Media uploads (multipart, as the Cloud API takes them): answered with a media id, recorded with the file.
  if (request.method === "POST" && path.endsWith("/media")) {
    const form = await new Request("http://fake-provider", {
      method: "POST",
      headers: { "content-type": String(request.headers["content-type"] ?? "") },
      body: Buffer.concat(chunks),
    }).formData();
    const file = form.get("file");
    if (!(file instanceof File)) return json(400, { error: { message: "No file", code: 100 } });
    const id = String(1_000_000_000_000 + Math.floor(Math.random() * 1e12));
    received.push({ path, body: { id, filename: file.name, type: file.type, text: await file.text() }, wamid: null });
    return json(200, { id });
  }
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
