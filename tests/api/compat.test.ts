import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as compatByPhone from "@/app/api/contacts/by-phone/route";
import * as compatConversations from "@/app/api/conversations/route";
import * as compatSend from "@/app/api/messages/send/route";
import * as byPhone from "@/app/api/v1/contacts/by-phone/route";
import * as conversations from "@/app/api/v1/conversations/route";
import * as send from "@/app/api/v1/messages/route";
import { GET as openApiJson } from "@/app/api/v1/openapi.json/route";
import { config as proxyConfig } from "@/proxy";
import { COMPAT_ROUTES } from "@/server/api/routes";
import { asService } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { createKey, read } from "../support/api";
import { connectChannel, type FakeProvider, startFakeProvider } from "../support/fake-provider";
import { createTeam, unique } from "../support/fixtures";
import { createChannel, customerWrites, type TestChannel } from "../support/webhooks";

/**
 * The compatibility contract (docs/api.md): /api/contacts/by-phone,
 * /api/conversations and /api/messages/send answer exactly what their
 * /api/v1 twins answer, with the key as `x-api-key` or a Bearer token.
 */

let fake: FakeProvider;
let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
let writeKey: string;
let readKey: string;

type Auth = { bearer: string } | { xApiKey: string } | null;

function request(method: string, url: string, auth: Auth, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  const headers = new Headers(options.headers);
  if (auth && "bearer" in auth) headers.set("authorization", `Bearer ${auth.bearer}`);
  if (auth && "xApiKey" in auth) headers.set("x-api-key", auth.xApiKey);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Request(`http://localhost${url}`, { method, headers, body });
}

const customerPhone = () => `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;

beforeAll(async () => {
  fake = await startFakeProvider();
  fake.installEnv();
  team = await createTeam();
  channel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
  await connectChannel(fake, channel, "meta");
  writeKey = (await createKey(team, "write")).key;
  readKey = (await createKey(team, "read")).key;
});

afterEach(() => fake.reset());

afterAll(async () => {
  await stopQueue();
  await fake.close();
});

describe("the compatibility contract's reads", () => {
  it("GET /api/contacts/by-phone with x-api-key answers what /api/v1 answers, found or not", async () => {
    const from = customerPhone();
    await customerWrites(channel, { from, name: "Siti" });
    const cases: [string, number][] = [
      [`0${from.slice(2)}`, 200],
      ["081299990000", 404],
      ["not a phone", 422],
    ];
    for (const [phone, expected] of cases) {
      const query = `?phone=${encodeURIComponent(phone)}`;
      const original = await read(byPhone.GET(request("GET", `/api/v1/contacts/by-phone${query}`, { bearer: readKey })));
      const alias = await read(compatByPhone.GET(request("GET", `/api/contacts/by-phone${query}`, { xApiKey: readKey })));
      expect({ phone, status: alias.status, body: alias.body }).toEqual({ phone, status: expected, body: original.body });
      expect(original.status).toBe(expected);
    }
  });

  it("GET /api/conversations answers the same page as /api/v1/conversations, filters included", async () => {
    await customerWrites(channel, { from: customerPhone() });
    for (const query of ["", "?limit=1", "?unread=true", "?status=nope"]) {
      const original = await read(conversations.GET(request("GET", `/api/v1/conversations${query}`, { bearer: readKey })));
      const alias = await read(compatConversations.GET(request("GET", `/api/conversations${query}`, { xApiKey: readKey })));
      expect({ query, status: alias.status, body: alias.body }).toEqual({ query, status: original.status, body: original.body });
    }
    const page = await read<{ data: unknown[] }>(compatConversations.GET(request("GET", "/api/conversations", { bearer: readKey })));
    expect(page.status).toBe(200);
    expect(page.body.data.length).toBeGreaterThan(0);
  });

  it("refuses a wrong, a malformed or a missing x-api-key with the API's 401", async () => {
    const wrong = `${writeKey.slice(0, -4)}AAAA`;
    for (const auth of [{ xApiKey: wrong }, { xApiKey: "secret" }, null] as Auth[]) {
      const { status, body } = await read(compatConversations.GET(request("GET", "/api/conversations", auth)));
      expect(status).toBe(401);
      expect(body).toEqual({ error: { code: "unauthenticated", message: expect.any(String), details: null } });
    }
    // The /api/v1 paths take x-api-key as well.
    expect((await read(conversations.GET(request("GET", "/api/v1/conversations", { xApiKey: readKey })))).status).toBe(200);
    expect((await read(conversations.GET(request("GET", "/api/v1/conversations", { xApiKey: wrong })))).status).toBe(401);
  });

  it("counts alias and original calls against the key's one rate limit", async () => {
    const { key, id } = await createKey(team, "read");
    await asService((tx) => tx`update public.api_keys set rate_limit_per_minute = 2 where id = ${id}`);
    expect((await read(compatConversations.GET(request("GET", "/api/conversations", { xApiKey: key })))).status).toBe(200);
    expect((await read(conversations.GET(request("GET", "/api/v1/conversations", { bearer: key })))).status).toBe(200);
    const third = await read(compatConversations.GET(request("GET", "/api/conversations", { xApiKey: key })));
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("POST /api/messages/send", () => {
  const sendAlias = (body: unknown, options: { key?: string; idempotencyKey?: string } = {}) =>
    read<Record<string, unknown>>(
      compatSend.POST(
        request(
          "POST",
          "/api/messages/send",
          { xApiKey: options.key ?? writeKey },
          {
            body,
            headers: options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {},
          },
        ),
      ),
    );
  const sendOriginal = (body: unknown, options: { idempotencyKey?: string } = {}) =>
    read<Record<string, unknown>>(
      send.POST(
        request(
          "POST",
          "/api/v1/messages",
          { bearer: writeKey },
          {
            body,
            headers: options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {},
          },
        ),
      ),
    );

  it("sends {phone, text} as /api/v1/messages sends a text, into the customer's conversation", async () => {
    const from = customerPhone();
    const inbound = await customerWrites(channel, { from });
    const { status, body } = await sendAlias({ phone: `+${from}`, text: "Sudah dikirim kak" });
    expect(status).toBe(202);
    expect(body).toEqual({
      id: expect.any(String),
      status: "pending",
      conversation_id: inbound.conversationId,
      contact_id: inbound.contactId,
    });
    const [row] = await asService((tx) => tx`select type, body, sender_type from public.messages where id = ${body.id as string}`);
    expect(row).toEqual({ type: "text", body: "Sudah dikirim kak", sender_type: "api" });
  });

  it("sends {conversationId, text} into that conversation, and /api/v1 takes conversation_id the same way", async () => {
    const inbound = await customerWrites(channel, { from: customerPhone() });
    const viaAlias = await sendAlias({ conversationId: inbound.conversationId, text: "Baik kak" });
    expect(viaAlias.status).toBe(202);
    expect(viaAlias.body).toMatchObject({ conversation_id: inbound.conversationId, contact_id: inbound.contactId });
    const viaOriginal = await sendOriginal({ conversation_id: inbound.conversationId, type: "text", text: "Baik kak" });
    expect(viaOriginal.body).toMatchObject({ conversation_id: inbound.conversationId, contact_id: inbound.contactId });
    // On another number than the channel_id given: not found, rather than sent from the wrong number.
    const elsewhere = await sendAlias({
      conversationId: inbound.conversationId,
      channel_id: "0b8e2f6c-5d4a-4e3b-9a2c-1f0e9d8c7b6a",
      text: "Baik",
    });
    expect(elsewhere.status).toBe(404);
    // Another workspace's conversation is not found; an unknown one either.
    const other = await createTeam();
    const otherChannel = await createChannel({ provider: "meta", workspaceId: other.workspaceId });
    const foreign = await customerWrites(otherChannel, { from: customerPhone() });
    for (const conversationId of [foreign.conversationId, "0b8e2f6c-5d4a-4e3b-9a2c-1f0e9d8c7b6a"]) {
      const refused = await sendAlias({ conversationId, text: "Halo" });
      expect(refused.status).toBe(404);
    }
  });

  it("refuses what /api/v1/messages refuses, with the same answer", async () => {
    const from = customerPhone();
    await customerWrites(channel, { from });
    const cases: [unknown, unknown][] = [
      [
        { phone: from, text: "" },
        { phone: from, type: "text", text: "" },
      ],
      [{ phone: from }, { phone: from, type: "text" }],
      [
        { phone: from, conversationId: "0b8e2f6c-5d4a-4e3b-9a2c-1f0e9d8c7b6a", text: "x" },
        { phone: from, conversation_id: "0b8e2f6c-5d4a-4e3b-9a2c-1f0e9d8c7b6a", type: "text", text: "x" },
      ],
      [{ text: "x" }, { type: "text", text: "x" }],
      [
        { phone: from, template: { name: "nope", language: "id" } },
        { phone: from, type: "template", template: { name: "nope", language: "id" } },
      ],
    ];
    for (const [aliasBody, originalBody] of cases) {
      const alias = await sendAlias(aliasBody);
      const original = await sendOriginal(originalBody);
      expect({ aliasBody, status: alias.status, body: alias.body }).toEqual({ aliasBody, status: original.status, body: original.body });
      expect(alias.status).toBeGreaterThanOrEqual(400);
    }
  });

  it("is refused to a read key (403), as /api/v1/messages is", async () => {
    const { status, body } = await sendAlias({ phone: customerPhone(), text: "Halo" }, { key: readKey });
    expect(status).toBe(403);
    expect(body).toMatchObject({ error: { code: "forbidden" } });
  });

  it("shares Idempotency-Key with /api/v1/messages: a retry on either path gets the first answer and sends once", async () => {
    const from = customerPhone();
    await customerWrites(channel, { from });
    const idempotencyKey = unique("order-42");
    const first = await sendAlias({ phone: from, text: "Pesanan A-42 dikirim" }, { idempotencyKey });
    expect(first.status).toBe(202);
    const retried = await sendOriginal({ phone: from, type: "text", text: "Pesanan A-42 dikirim" }, { idempotencyKey });
    expect(retried).toMatchObject({ status: 202, body: first.body });
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    const again = await sendAlias({ phone: from, text: "Pesanan A-42 dikirim" }, { idempotencyKey });
    expect(again.body).toEqual(first.body);
    const [counted] = await asService(
      (tx) =>
        tx<
          { count: number }[]
        >`select count(*)::int as count from public.messages where conversation_id = ${first.body.conversation_id as string} and direction = 'outbound'`,
    );
    expect(counted?.count).toBe(1);
    // The same key with another send is refused on both paths.
    const reused = await sendAlias({ phone: from, text: "Something else" }, { idempotencyKey });
    expect(reused).toMatchObject({ status: 422, body: { error: { details: { reason: "idempotency_key_reused" } } } });
  });
});

describe("the compatibility contract in the OpenAPI document", () => {
  const apiDir = path.resolve(import.meta.dirname, "../../src/app/api");

  it("documents each alias route file, marked as the alias of its /api/v1 operation, with examples its schema accepts", async () => {
    const document = await openApiJson().json();
    const files = (await readdir(apiDir, { recursive: true })).filter(
      (entry) => entry.endsWith("route.ts") && /^(contacts|conversations|messages)\//.test(entry),
    );
    const served = files.map((entry) => `/api/${path.dirname(entry)}`).sort();
    expect(served).toEqual(COMPAT_ROUTES.map((route) => route.path).sort());
    for (const route of COMPAT_ROUTES) {
      const operation = document.paths[route.path][route.method.toLowerCase()];
      expect(operation).toMatchObject({ deprecated: false, "x-alias-of": route.aliasOf?.operationId });
      expect(operation.description).toMatch(/^Alias of /);
      expect(document.paths[route.path].servers).toEqual([expect.objectContaining({ url: "/" })]);
      for (const example of route.examples ?? []) {
        if (route.query) expect(route.query.safeParse(example.query ?? {}).error).toBeUndefined();
        if (route.body) expect(route.body.safeParse(example.body).error).toBeUndefined();
      }
    }
    expect(document.components.securitySchemes.apiKeyHeader).toMatchObject({ type: "apiKey", in: "header", name: "x-api-key" });
  });
});

describe("the session proxy", () => {
  it("lets the compatibility contract and the old webhook paths through to their own key or signature check", async () => {
    // Next's own compilation of the matcher, as the build does it.
    // (Exported by the module, though not in its type declarations.)
    const { getMiddlewareMatchers } = (await import("next/dist/build/analysis/get-page-static-info")) as unknown as {
      getMiddlewareMatchers(matcher: string[], nextConfig: object): { regexp: string }[];
    };
    const guarded = getMiddlewareMatchers(proxyConfig.matcher, {}).map((m) => new RegExp(m.regexp));
    const isGuarded = (pathname: string) => guarded.some((re) => re.test(pathname));
    for (const pathname of [
      "/api/contacts/by-phone",
      "/api/conversations",
      "/api/messages/send",
      "/api/webhook/kapso",
      "/api/webhooks/whatsapp",
    ]) {
      expect({ pathname, guarded: isGuarded(pathname) }).toEqual({ pathname, guarded: false });
    }
    for (const pathname of ["/contacts", "/inbox", "/api/realtime", "/api/media/7d3f4a1e-9c1b-4c9e-8f3a-2b6d5e4c3a21"]) {
      expect({ pathname, guarded: isGuarded(pathname) }).toEqual({ pathname, guarded: true });
    }
  });
});
