import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll } from "vitest";
import { encryptSecret } from "@/server/crypto/secrets";
import { asService, db } from "@/server/db/client";
import { queue, stopQueue } from "@/server/jobs/queue";
import type { Provider } from "@/server/whatsapp/providers";
import { createFakeKapsoPlatform } from "./fake-kapso-platform";

/**
 * One local HTTP server speaking the send-side wire format of all three
 * providers, each under its own base path (as the real hosts have one):
 *
 * - Meta Cloud API (`META_GRAPH_URL` = …/meta/v21.0) and Kapso's Meta proxy
 *   (`KAPSO_API_URL` = …/kapso/meta/whatsapp/v24.0):
 *   `POST /{phone_number_id}/messages`, `POST /{phone_number_id}/media`
 *   (multipart), `GET /{waba_id}/message_templates` → `{ data: [...] }`;
 *   Meta authenticates with `Authorization: Bearer <token>`, Kapso with
 *   `X-API-Key`.
 * - 360dialog (`DIALOG360_API_URL` = …/360dialog): `POST /messages`,
 *   `POST /media`, `GET /v1/configs/templates` → `{ waba_templates: [...] }`,
 *   `GET /health_status` (the number's and WABA's ids),
 *   `POST /v1/configs/webhook` `{ url }`, the number chosen by its `D360-API-KEY`.
 * - Meta's `GET /{phone_number_id}` (display number, verified name).
 * - Templates: lists paged as each provider pages them (Graph: `limit` and
 *   the `after` cursor, `paging.next` while there are more; 360dialog:
 *   `limit`/`offset`/`total`); creation (`POST /{waba_id}/message_templates`,
 *   360dialog `POST /v1/configs/templates`) with Meta's checks and its
 *   duplicate refusal; header samples through the Resumable Upload API
 *   (`POST /{app_id}/uploads` or 360dialog's `POST /uploads`, then
 *   `POST /upload:…` with `file_offset: 0` → `{ h }`); `approveTemplate`
 *   plays Meta's reviewer.
 * - Kapso's Platform API (`KAPSO_PLATFORM_URL` = …/kapso/platform/v1):
 *   customers, setup links, numbers, webhooks (fake-kapso-platform.ts).
 *
 * Numbers are registered with their credential; a wrong credential gets the
 * provider's 401. Every request is recorded; failures can be scripted.
 */

export type FakeRoute =
  | "messages"
  | "media"
  | "templates"
  | "template_create"
  | "upload_session"
  | "upload_file"
  | "phone_number"
  | "health_status"
  | "webhook_config";

export interface MultipartSummary {
  fields: Record<string, string>;
  files: { field: string; filename: string; contentType: string; size: number; sha256: string; bytes: Buffer }[];
}

export interface RecordedRequest {
  /** Which provider's base path the request came in under (null: none of them). */
  provider: Provider | null;
  method: string;
  /** The full path as received, e.g. /meta/v21.0/1234/messages. */
  url: string;
  /** The path under the provider's base, as its documentation writes it: /1234/messages, /messages, /v1/configs/templates. */
  path: string;
  query: Record<string, string>;
  route: FakeRoute | null;
  /** The registered number the request addressed (by path id, WABA id or API key). */
  phoneNumberId: string | null;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (sends, read receipts). */
  json: Record<string, unknown> | null;
  /** Summary of a multipart body (media uploads). */
  multipart: MultipartSummary | null;
  /** What the fake answered. */
  status: number;
  response: unknown;
}

export interface FakeTemplate {
  id?: string;
  name: string;
  language: string;
  status: string;
  category?: string;
  components: unknown[];
}

export interface ScriptedFailure {
  status: number;
  body: unknown;
}

/** Error answers as Meta's Graph API gives them (360dialog and Kapso pass them through). */
export const GRAPH_ERRORS = {
  serviceUnavailable: { status: 500, body: { error: { message: "Service unavailable", code: 2 } } },
  rateLimited: {
    status: 429,
    body: {
      error: {
        message: "(#130429) Rate limit hit",
        type: "OAuthException",
        code: 130429,
        error_data: { messaging_product: "whatsapp", details: "Cloud API message throughput has been reached." },
      },
    },
  },
  reEngagement: {
    status: 400,
    body: {
      error: {
        message: "(#131047) Re-engagement message",
        type: "OAuthException",
        code: 131047,
        error_data: {
          messaging_product: "whatsapp",
          details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        },
      },
    },
  },
} satisfies Record<string, ScriptedFailure>;

/** Meta's answer to a second template of one name and language. */
const DUPLICATE_TEMPLATE = (name: string, language: string) => ({
  status: 400,
  body: {
    error: {
      message: "Invalid parameter",
      type: "OAuthException",
      code: 100,
      error_subcode: 2388024,
      is_transient: false,
      error_user_title: "Content in this language already exists",
      error_user_msg: `There is already ${language} content for this template (${name}). You can delete the existing content and try again.`,
    },
  },
});

/** What Meta checks of a new template before its review; the first problem, or null. */
function invalidTemplate(body: Record<string, unknown> | null): string | null {
  if (!body) return "(#100) Invalid JSON body";
  if (typeof body.name !== "string" || !/^[a-z0-9_]{1,512}$/.test(body.name)) return "(#100) Param name must be lowercase with underscores";
  if (typeof body.language !== "string" || !body.language) return "(#100) The parameter language is required.";
  if (!["MARKETING", "UTILITY", "AUTHENTICATION"].includes(String(body.category))) return "(#100) Param category is invalid";
  const components = Array.isArray(body.components) ? (body.components as { type?: string; format?: string; example?: unknown }[]) : [];
  if (!components.some((c) => c.type === "BODY")) return "(#100) The parameter components['BODY'] is required.";
  const media = components.find((c) => c.type === "HEADER" && c.format && c.format !== "TEXT");
  const handle = (media?.example as { header_handle?: string[] } | undefined)?.header_handle?.[0];
  if (media && !handle?.startsWith("4::")) return "(#100) A media header needs example.header_handle from the Resumable Upload API";
  return null;
}

interface FakeNumber {
  provider: Provider;
  phoneNumberId: string;
  wabaId: string | null;
  credential: string;
  templates: FakeTemplate[];
  displayPhoneNumber: string | null;
  /** Where 360dialog was told to post this number's webhooks. */
  webhookUrl: string | null;
  /** Meta's messaging-limit tier of the number (TIER_1K …), served among its fields when set. */
  messagingLimitTier?: string;
}

interface Script {
  remaining: number;
  failure: ScriptedFailure;
  route?: FakeRoute;
  phoneNumberId?: string;
  /** Only requests whose query has these values (e.g. one page of a list). */
  query?: Record<string, string>;
}

const KAPSO_PLATFORM_BASE = "/kapso/platform/v1";

const BASES: Record<Provider, string> = {
  meta: "/meta/v21.0",
  kapso: "/kapso/meta/whatsapp/v24.0",
  "360dialog": "/360dialog",
};

const UNAUTHORIZED: Record<Provider, unknown> = {
  meta: { error: { message: "Invalid OAuth access token - Cannot parse access token", type: "OAuthException", code: 190 } },
  kapso: { error: { message: "Invalid API key", type: "OAuthException", code: 190 } },
  "360dialog": { meta: { success: false, http_code: 401, developer_message: "Invalid api key" } },
};

const graphError = (message: string, code = 100) => ({ error: { message, type: "OAuthException", code } });

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<MultipartSummary> {
  const form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
  const summary: MultipartSummary = { fields: {}, files: [] };
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") {
      summary.fields[field] = value;
    } else {
      const bytes = Buffer.from(await value.arrayBuffer());
      summary.files.push({
        field,
        filename: value.name,
        contentType: value.type,
        size: bytes.byteLength,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        bytes,
      });
    }
  }
  return summary;
}

/** What a Cloud API send must carry; the first problem found, or null. */
function invalidSend(body: Record<string, unknown>): string | null {
  if (body.messaging_product !== "whatsapp") return "(#100) The parameter messaging_product is required.";
  if (body.status === "read") return typeof body.message_id === "string" ? null : "(#100) The parameter message_id is required.";
  if (typeof body.to !== "string" || !body.to) return "(#100) The parameter to is required.";
  const type = typeof body.type === "string" ? body.type : "text";
  const object = body[type] as Record<string, unknown> | undefined;
  if (!object || typeof object !== "object") return `(#100) The parameter ${type} is required.`;
  if (type === "text" && (typeof object.body !== "string" || !object.body)) return "(#100) The parameter text['body'] is required.";
  if (["image", "video", "audio", "document", "sticker"].includes(type) && !object.id && !object.link) {
    return `(#100) Param ${type} must contain either id or link.`;
  }
  if (type === "template") {
    const language = object.language as { code?: string } | undefined;
    if (typeof object.name !== "string" || !language?.code)
      return "(#100) The parameter template['name'] and template['language'] are required.";
  }
  return null;
}

function createFakeProvider() {
  const numbers: FakeNumber[] = [];
  const scripts: Script[] = [];
  const requests: RecordedRequest[] = [];
  let counter = 0;
  const kapsoPlatform = createFakeKapsoPlatform({
    apiKey: `kapso-platform-${randomBytes(8).toString("hex")}`,
    basePath: KAPSO_PLATFORM_BASE,
  });

  const fake = {
    baseUrl: "",
    requests,
    kapsoPlatform,
    /** Runs after the answer is decided and before it is sent (e.g. to deliver a webhook "while" the send is in flight). */
    beforeReply: null as ((request: RecordedRequest) => Promise<void> | void) | null,

    /** The provider base URLs, as the app's environment names them. */
    get env() {
      return {
        META_GRAPH_URL: `${fake.baseUrl}${BASES.meta}`,
        KAPSO_API_URL: `${fake.baseUrl}${BASES.kapso}`,
        DIALOG360_API_URL: `${fake.baseUrl}${BASES["360dialog"]}`,
        KAPSO_PLATFORM_URL: `${fake.baseUrl}${KAPSO_PLATFORM_BASE}`,
        KAPSO_API_KEY: kapsoPlatform.apiKey,
      };
    },

    /** Points the app at this fake (call before the first env() use in the test file). */
    installEnv() {
      Object.assign(process.env, fake.env);
    },

    addNumber(number: {
      provider: Provider;
      phoneNumberId: string;
      wabaId?: string | null;
      credential: string;
      templates?: FakeTemplate[];
      displayPhoneNumber?: string;
    }) {
      numbers.push({
        ...number,
        wabaId: number.wabaId ?? null,
        templates: number.templates ?? [],
        displayPhoneNumber: number.displayPhoneNumber ?? null,
        webhookUrl: null,
      });
    },

    /** The webhook URL 360dialog was configured with for this number (null: never set). */
    webhookUrlOf(phoneNumberId: string) {
      return numbers.find((n) => n.phoneNumberId === phoneNumberId)?.webhookUrl ?? null;
    },

    /** Templates as the fake holds them (submitted ones included), of the number's account. */
    templatesOf(phoneNumberId: string): FakeTemplate[] {
      const number = numbers.find((n) => n.phoneNumberId === phoneNumberId);
      if (!number) throw new Error(`fake provider: unknown number ${phoneNumberId}`);
      return number.templates;
    },

    /** Meta's reviewer: the submitted template (by name) gets `status` (APPROVED by default); returns it, for the webhook. */
    approveTemplate(phoneNumberId: string, name: string, status = "APPROVED"): FakeTemplate & { id: string } {
      const template = fake.templatesOf(phoneNumberId).find((t) => t.name === name);
      if (!template?.id) throw new Error(`fake provider: no submitted template ${name}`);
      template.status = status;
      return template as FakeTemplate & { id: string };
    },

    setTemplates(phoneNumberId: string, templates: FakeTemplate[]) {
      const number = numbers.find((n) => n.phoneNumberId === phoneNumberId);
      if (!number) throw new Error(`fake provider: unknown number ${phoneNumberId}`);
      number.templates = templates;
    },

    /** The number's messaging-limit tier, as Graph's phone number fields name it. */
    setMessagingLimit(phoneNumberId: string, tier: string) {
      const number = numbers.find((n) => n.phoneNumberId === phoneNumberId);
      if (!number) throw new Error(`fake provider: unknown number ${phoneNumberId}`);
      number.messagingLimitTier = tier;
    },

    /** The next `count` requests (optionally only to one route / number) fail with this answer. */
    failNext(
      count: number,
      failure: ScriptedFailure,
      filter: { route?: FakeRoute; phoneNumberId?: string; query?: Record<string, string> } = {},
    ) {
      scripts.push({ remaining: count, failure, ...filter });
    },

    /** Message sends (not read receipts), optionally of one number. */
    sends(phoneNumberId?: string) {
      return requests.filter(
        (r) => r.route === "messages" && r.json?.status !== "read" && (!phoneNumberId || r.phoneNumberId === phoneNumberId),
      );
    },

    readReceipts(phoneNumberId?: string) {
      return requests.filter(
        (r) => r.route === "messages" && r.json?.status === "read" && (!phoneNumberId || r.phoneNumberId === phoneNumberId),
      );
    },

    /** Template submissions, optionally of one number. */
    templateCreates(phoneNumberId?: string) {
      return requests.filter((r) => r.route === "template_create" && (!phoneNumberId || r.phoneNumberId === phoneNumberId));
    },

    uploads(phoneNumberId?: string) {
      return requests.filter((r) => r.route === "media" && (!phoneNumberId || r.phoneNumberId === phoneNumberId));
    },

    /** Forgets recorded requests and pending scripted failures. */
    reset() {
      requests.length = 0;
      scripts.length = 0;
      fake.beforeReply = null;
    },

    /** Starts listening on a free port; baseUrl is known from then on. */
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as { port: number };
      fake.baseUrl = `http://127.0.0.1:${port}`;
      kapsoPlatform.setOrigin(fake.baseUrl);
    },

    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  function resolveRequest(
    provider: Provider,
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
  ): { route: FakeRoute | null; number: FakeNumber | null; idInPath: string | null } {
    if (provider === "360dialog") {
      const route: FakeRoute | null =
        method === "POST" && path === "/messages"
          ? "messages"
          : method === "POST" && path === "/media"
            ? "media"
            : method === "GET" && path === "/v1/configs/templates"
              ? "templates"
              : method === "POST" && path === "/v1/configs/templates"
                ? "template_create"
                : method === "POST" && path === "/uploads"
                  ? "upload_session"
                  : method === "POST" && path.startsWith("/upload:")
                    ? "upload_file"
                    : method === "GET" && path === "/health_status"
                      ? "health_status"
                      : method === "POST" && path === "/v1/configs/webhook"
                        ? "webhook_config"
                        : null;
      const key = headers["d360-api-key"];
      const number = numbers.find((n) => n.provider === "360dialog" && n.credential === key) ?? null;
      return { route, number, idInPath: null };
    }
    // Resumable Upload: the session is the app's (any number of this provider whose token is sent may open one).
    if (method === "POST" && (/^\/\d+\/uploads$/.test(path) || path.startsWith("/upload:"))) {
      const bearer = String(headers.authorization ?? "").replace(/^(OAuth|Bearer) /, "");
      return {
        route: path.startsWith("/upload:") ? "upload_file" : "upload_session",
        number: numbers.find((n) => n.provider === provider && n.credential === bearer) ?? null,
        idInPath: null,
      };
    }
    const lookup = path.match(/^\/([^/]+)$/);
    if (lookup && method === "GET") {
      const id = decodeURIComponent(lookup[1] ?? "");
      return {
        route: "phone_number",
        number: numbers.find((n) => n.provider === provider && n.phoneNumberId === id) ?? null,
        idInPath: id,
      };
    }
    const match = path.match(/^\/([^/]+)\/(messages|media|message_templates)$/);
    if (!match) return { route: null, number: null, idInPath: null };
    const id = decodeURIComponent(match[1] ?? "");
    const kind = match[2];
    const route: FakeRoute | null =
      kind === "messages" && method === "POST"
        ? "messages"
        : kind === "media" && method === "POST"
          ? "media"
          : kind === "message_templates" && method === "GET"
            ? "templates"
            : kind === "message_templates" && method === "POST"
              ? "template_create"
              : null;
    const byWaba = route === "templates" || route === "template_create";
    const number = numbers.find((n) => n.provider === provider && (byWaba ? n.wabaId === id : n.phoneNumberId === id)) ?? null;
    return { route, number, idInPath: id };
  }

  function authorized(provider: Provider, number: FakeNumber, headers: IncomingHttpHeaders): boolean {
    switch (provider) {
      case "meta":
        return headers.authorization === `Bearer ${number.credential}` || headers.authorization === `OAuth ${number.credential}`;
      case "kapso":
        return headers["x-api-key"] === number.credential;
      case "360dialog":
        return headers["d360-api-key"] === number.credential;
    }
  }

  async function handle(request: IncomingMessage): Promise<{ recorded: RecordedRequest; status: number; body: unknown }> {
    const url = new URL(request.url ?? "/", "http://fake");
    const method = request.method ?? "GET";
    const provider = (Object.keys(BASES) as Provider[]).find((p) => url.pathname.startsWith(`${BASES[p]}/`)) ?? null;
    const path = provider ? url.pathname.slice(BASES[provider].length) : url.pathname;
    const raw = await readBody(request);
    const contentType = request.headers["content-type"] ?? "";
    let json: Record<string, unknown> | null = null;
    let multipart: MultipartSummary | null = null;
    if (contentType.startsWith("application/json") && raw.byteLength > 0) {
      try {
        json = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
      } catch {
        json = null;
      }
    } else if (contentType.startsWith("multipart/form-data")) {
      multipart = await parseMultipart(raw, contentType);
    }
    const resolved = provider ? resolveRequest(provider, method, path, request.headers) : { route: null, number: null, idInPath: null };
    const recorded: RecordedRequest = {
      provider,
      method,
      url: url.pathname,
      path,
      query: Object.fromEntries(url.searchParams),
      route: resolved.route,
      phoneNumberId: resolved.number?.phoneNumberId ?? null,
      headers: request.headers,
      json,
      multipart,
      status: 0,
      response: null,
    };

    if (!provider || !resolved.route) {
      return { recorded, status: 400, body: graphError(`Unsupported ${method.toLowerCase()} request.`) };
    }
    const number = resolved.number;
    if (!number) {
      if (provider === "360dialog") return { recorded, status: 401, body: UNAUTHORIZED[provider] };
      return {
        recorded,
        status: 400,
        body: graphError(
          `Unsupported ${method.toLowerCase()} request. Object with ID '${resolved.idInPath}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        ),
      };
    }
    if (!authorized(provider, number, request.headers)) return { recorded, status: 401, body: UNAUTHORIZED[provider] };

    const script = scripts.find(
      (s) =>
        s.remaining > 0 &&
        (!s.route || s.route === resolved.route) &&
        (!s.phoneNumberId || s.phoneNumberId === number.phoneNumberId) &&
        Object.entries(s.query ?? {}).every(([name, value]) => url.searchParams.get(name) === value),
    );
    if (script) {
      script.remaining -= 1;
      return { recorded, status: script.failure.status, body: script.failure.body };
    }

    switch (resolved.route) {
      case "messages": {
        if (!json) return { recorded, status: 400, body: graphError("(#100) Invalid JSON body") };
        const problem = invalidSend(json);
        if (problem) return { recorded, status: 400, body: graphError(problem) };
        if (json.status === "read") return { recorded, status: 200, body: { success: true } };
        counter += 1;
        const to = String(json.to);
        return {
          recorded,
          status: 200,
          body: {
            messaging_product: "whatsapp",
            contacts: [{ input: to, wa_id: to }],
            messages: [{ id: `wamid.FAKE${counter}${randomBytes(12).toString("base64url")}` }],
          },
        };
      }
      case "media": {
        const file = multipart?.files.find((f) => f.field === "file");
        if (multipart?.fields.messaging_product !== "whatsapp" || !file) {
          return { recorded, status: 400, body: graphError("(#100) The parameter file and messaging_product are required.") };
        }
        return { recorded, status: 200, body: { id: String(4_000_000_000_000_000 + Math.floor(Math.random() * 1e15)) } };
      }
      case "templates": {
        const templates = number.templates.map((t, i) => ({ id: t.id ?? `${number.phoneNumberId}-${i}`, ...t }));
        if (provider === "360dialog") {
          const limit = Number(url.searchParams.get("limit") ?? 50);
          const offset = Number(url.searchParams.get("offset") ?? 0);
          const page = templates.slice(offset, offset + limit);
          return {
            recorded,
            status: 200,
            body: { count: page.length, filters: {}, limit, offset, sort: ["id"], total: templates.length, waba_templates: page },
          };
        }
        // Graph: cursors are opaque; here the position, base64 (fakeGraphCursor).
        const limit = Number(url.searchParams.get("limit") ?? 25);
        const after = url.searchParams.get("after");
        const start = after ? Number(Buffer.from(after, "base64").toString("utf8")) : 0;
        const page = templates.slice(start, start + limit);
        const cursor = fakeGraphCursor;
        const more = start + limit < templates.length;
        const next = new URL(url.href.replace("http://fake", fake.baseUrl));
        next.searchParams.set("after", cursor(start + limit));
        return {
          recorded,
          status: 200,
          body: {
            data: page,
            paging: { cursors: { before: cursor(start), after: cursor(start + page.length) }, ...(more && { next: next.href }) },
          },
        };
      }
      case "template_create": {
        const problem = invalidTemplate(json);
        if (problem) return { recorded, status: 400, body: graphError(problem) };
        const body = json as { name: string; language: string; category: string; components: unknown[]; parameter_format?: string };
        if (number.templates.some((t) => t.name === body.name && t.language === body.language)) {
          return { recorded, ...DUPLICATE_TEMPLATE(body.name, body.language) };
        }
        counter += 1;
        const id = String(1_190_000_000_000_000 + counter * 7919 + Math.floor(Math.random() * 1000));
        number.templates.push({
          id,
          name: body.name,
          language: body.language,
          status: "PENDING",
          category: body.category,
          components: body.components,
        });
        return { recorded, status: 200, body: { id, status: "PENDING", category: body.category } };
      }
      case "upload_session": {
        const length = Number(url.searchParams.get("file_length"));
        if (!url.searchParams.get("file_type") || !(length > 0)) {
          return { recorded, status: 400, body: graphError("(#100) file_length and file_type are required") };
        }
        const session = `upload:${Buffer.from(`${length}:${url.searchParams.get("file_type")}`).toString("base64url")}`;
        return { recorded, status: 200, body: { id: `${session}?sig=${randomBytes(6).toString("hex")}` } };
      }
      case "upload_file": {
        const [length, type] = Buffer.from(path.slice("/upload:".length), "base64url").toString("utf8").split(":");
        if (request.headers.file_offset !== "0" || raw.byteLength !== Number(length) || contentType !== type) {
          return { recorded, status: 400, body: graphError("(#100) The upload does not match its session") };
        }
        return {
          recorded,
          status: 200,
          body: { h: `4::${Buffer.from(type ?? "").toString("base64")}:${randomBytes(12).toString("base64url")}` },
        };
      }
      case "phone_number":
        return {
          recorded,
          status: 200,
          body: {
            id: number.phoneNumberId,
            display_phone_number: number.displayPhoneNumber ?? "+62 811-0000-0000",
            verified_name: "Fake Business",
            quality_rating: "GREEN",
            ...(number.messagingLimitTier && {
              messaging_limit_tier: number.messagingLimitTier,
              whatsapp_business_manager_messaging_limit: number.messagingLimitTier,
            }),
          },
        };
      case "health_status":
        return {
          recorded,
          status: 200,
          body: {
            health_status: {
              can_send_message: "AVAILABLE",
              entities: [
                { entity_type: "PHONE_NUMBER", id: number.phoneNumberId, can_send_message: "AVAILABLE" },
                ...(number.wabaId ? [{ entity_type: "WABA", id: number.wabaId, can_send_message: "AVAILABLE" }] : []),
              ],
            },
          },
        };
      case "webhook_config": {
        const url = typeof json?.url === "string" ? json.url : null;
        if (!url)
          return { recorded, status: 400, body: { meta: { success: false, http_code: 400, developer_message: "url is required" } } };
        number.webhookUrl = url;
        return { recorded, status: 200, body: { url } };
      }
    }
  }

  const server: Server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    if (await kapsoPlatform.handle(request, response).catch(() => false)) return;
    handle(request)
      .then(async ({ recorded, status, body }) => {
        recorded.status = status;
        recorded.response = body;
        requests.push(recorded);
        await fake.beforeReply?.(recorded);
        response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      })
      .catch((error: unknown) => {
        response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify(graphError(String(error), 1)));
      });
  });
  return fake;
}

export type FakeProvider = ReturnType<typeof createFakeProvider>;

/** The fake's Graph cursor for a position in a list (to script a failure of one page). */
export const fakeGraphCursor = (position: number) => Buffer.from(String(position)).toString("base64");

export async function startFakeProvider(): Promise<FakeProvider> {
  const fake = createFakeProvider();
  await fake.listen();
  return fake;
}

/**
 * The fake for a whole test file: listening, and the app's provider URLs
 * pointing at it, before the file's own beforeAll (env() reads them on first
 * use); recorded requests and scripted failures forgotten after each test;
 * the job queue and the server stopped at the end.
 */
export function useFakeProvider(): FakeProvider {
  const fake = createFakeProvider();
  beforeAll(async () => {
    await fake.listen();
    fake.installEnv();
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await stopQueue();
    await fake.close();
  });
  return fake;
}

/** The wamid the fake answered a send with (undefined for failures and read receipts). */
export function answeredWamid(request: RecordedRequest | undefined): string | undefined {
  return (request?.response as { messages?: { id?: string }[] } | null)?.messages?.[0]?.id;
}

/** The media id the fake answered an upload with. */
export function answeredMediaId(request: RecordedRequest | undefined): string | undefined {
  return (request?.response as { id?: string } | null)?.id;
}

/**
 * Connects a channel row to the fake: registers its number under a fresh
 * credential and stores that credential encrypted on the channel, as the
 * provider's token (Meta) or API key (360dialog, Kapso).
 */
export async function connectChannel(
  fake: FakeProvider,
  channel: { id: string; phoneNumberId: string; wabaId: string | null },
  provider: Provider,
  options: { templates?: FakeTemplate[] } = {},
): Promise<string> {
  const credential = `${provider}-key-${randomBytes(8).toString("hex")}`;
  fake.addNumber({ provider, phoneNumberId: channel.phoneNumberId, wabaId: channel.wabaId, credential, templates: options.templates });
  const credentials = provider === "meta" ? { accessToken: credential } : { apiKey: credential };
  await asService(
    (tx) => tx`update public.whatsapp_channels
               set provider = ${provider}, credentials_encrypted = ${encryptSecret(JSON.stringify(credentials))}
               where id = ${channel.id}`,
  );
  return credential;
}

export interface QueuedJob {
  id: string;
  state: string;
  retry_count: number;
  data: Record<string, unknown>;
}

/** pg-boss jobs of one queue for one key (message id), oldest first. Read as the app's owner role. */
export async function jobsFor(queueName: string, singletonKey: string): Promise<QueuedJob[]> {
  // Starting the queue creates pg-boss's schema on a fresh database.
  await queue();
  return db()<QueuedJob[]>`
    select id, state, retry_count, data from pgboss.job
    where name = ${queueName} and singleton_key = ${singletonKey}
    order by created_on, id`;
}

/**
 * What the worker does with one message's queued job, without fetching
 * other tests' jobs from the shared queue: the job becomes active, the
 * handler runs, and the job completes (or goes to retry when it throws).
 */
export async function workJob<T>(queueName: string, singletonKey: string, handler: () => Promise<T>): Promise<T> {
  const [job] = await db()<{ id: string }[]>`
    update pgboss.job set state = 'active', started_on = now()
    where id = (select id from pgboss.job where name = ${queueName} and singleton_key = ${singletonKey}
                  and state in ('created', 'retry') order by created_on limit 1)
    returning id`;
  if (!job) throw new Error(`no queued ${queueName} job for ${singletonKey}`);
  try {
    const result = await handler();
    await db()`update pgboss.job set state = 'completed', completed_on = now() where id = ${job.id}`;
    return result;
  } catch (error) {
    await db()`update pgboss.job set state = 'retry', retry_count = retry_count + 1 where id = ${job.id}`;
    throw error;
  }
}
