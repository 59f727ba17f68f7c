import { createHmac, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { encryptSecret } from "@/server/crypto/secrets";
import { asService, asUser, db } from "@/server/db/client";
import { sendText } from "@/server/inbox/commands";
import { sendOutboundMessage } from "@/server/inbox/delivery";
import { processWebhookEvents } from "@/server/ingest/process-event";
import { receiveWebhook } from "@/server/ingest/receive";
import { webhookEndpoint } from "@/server/whatsapp/channels/urls";
import type { MessageEvent, NormalizedWebhook } from "@/server/whatsapp/events";
import type { Provider } from "@/server/whatsapp/providers";
import { registerProvider } from "@/server/whatsapp/providers";
import type { ProviderAdapter } from "@/server/whatsapp/providers/adapter";
import { ProviderError, parseAnswer, postJson } from "@/server/whatsapp/providers/client";
import { verifyChannelSignature } from "@/server/whatsapp/signature";
import { createTeam, unique } from "../support/fixtures";
import { useScratchDatabase } from "../support/scratch-database";

/**
 * A fourth provider is one adapter: "Acme", a made-up WhatsApp reseller
 * with its own webhook format, signature header and send API, written here
 * as a provider's file would be and registered under its name. Its webhook
 * goes through the real receive path and processing; the agent's reply goes
 * through the real delivery job to Acme's API, a local HTTP server. Nothing
 * else in the app learns about Acme. The database must accept the name, as
 * a real provider's migration would make it: this file runs on a database
 * of its own, where the two check constraints are widened.
 */
useScratchDatabase();

const ACME = "acme" as Provider;

/** Acme's API: POST /v2/numbers/{number}/send with a bearer key; records what it was asked. */
const sent: { number: string; authorization: string | undefined; body: unknown }[] = [];
let server: Server;
let acmeApi = "";

function startAcme() {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const match = request.url?.match(/^\/v2\/numbers\/([^/]+)\/send$/);
      if (request.method !== "POST" || !match?.[1]) {
        response.writeHead(404).end();
        return;
      }
      sent.push({
        number: decodeURIComponent(match[1]),
        authorization: request.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString()),
      });
      response.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify({ accepted: { ref: `acme-out-${sent.length}` } }));
    });
  });
  return new Promise<void>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      acmeApi = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      resolve();
    }),
  );
}

/** Acme's webhook: one number, its messages, signed with the channel's secret in X-Acme-Signature. */
const acmeWebhook = z.object({
  number: z.string(),
  messages: z.array(z.object({ ref: z.string(), from: z.string(), name: z.string().optional(), text: z.string(), at: z.number() })),
});

function normalizeAcme(body: unknown): NormalizedWebhook {
  const { number, messages } = acmeWebhook.parse(body);
  const events = messages.map(
    (m): MessageEvent => ({
      kind: "message",
      phoneNumberId: number,
      direction: "inbound",
      senderType: "customer",
      wamid: m.ref,
      timestamp: new Date(m.at * 1000),
      customer: { waId: m.from, businessUserId: null, parentUserId: null, username: null, profileName: m.name ?? null },
      type: "text",
      body: m.text,
      content: { type: "text", text: { body: m.text } },
      media: null,
      replyToWamid: null,
      isForwarded: false,
      isHistorical: false,
      reaction: null,
      errors: [],
      status: null,
      providerConversationId: null,
    }),
  );
  return { events, phoneNumberIds: [number], ignored: [] };
}

const acmeAnswer = z.object({ accepted: z.object({ ref: z.string().min(1) }) });
const textOnly = () => new ProviderError("Acme sends text only", null, {}, false);

/** The whole provider: what a file src/server/whatsapp/providers/acme.ts would hold. */
const acme: ProviderAdapter = {
  routing: "ids",
  webhookHeaders: ["x-acme-signature"],
  normalize: normalizeAcme,
  verify: (webhook, routed, unroutable) =>
    verifyChannelSignature(webhook.rawBody, webhook.headers.get("x-acme-signature"), routed, unroutable),
  webhookUrl: () => webhookEndpoint("acme"),
  verifyToken: () => null,
  client: (channel) => ({
    async sendMessage(to, payload) {
      const text = (payload.text as { body?: string } | undefined)?.body;
      if (payload.type !== "text" || !text) throw textOnly();
      const response = await postJson(
        `${acmeApi}/v2/numbers/${encodeURIComponent(channel.phoneNumberId)}/send`,
        { authorization: `Bearer ${channel.credentials.apiKey ?? ""}` },
        { to, text },
      );
      return { wamid: (await parseAnswer(response, acmeAnswer, "Acme answered without a reference")).accepted.ref };
    },
    markRead: async () => {},
    uploadMedia: async () => {
      throw textOnly();
    },
    downloadMedia: async () => {
      throw textOnly();
    },
    listTemplates: async () => null,
  }),
};

let team: Awaited<ReturnType<typeof createTeam>>;
const channel = { id: "", phoneNumberId: unique("acme-number"), secret: unique("acme-secret"), apiKey: unique("acme-key") };

beforeAll(async () => {
  await startAcme();
  registerProvider("acme", acme);
  // What adding a real provider's name to the two columns' check constraints does, in a migration (as the tables' owner).
  await db().unsafe(`
    alter table public.whatsapp_channels drop constraint whatsapp_channels_provider_check,
      add constraint whatsapp_channels_provider_check check (provider in ('360dialog', 'kapso', 'meta', 'acme'));
    alter table public.webhook_events drop constraint webhook_events_provider_check,
      add constraint webhook_events_provider_check check (provider in ('360dialog', 'kapso', 'meta', 'acme'))`);
  team = await createTeam();
  const [row] = await asService(
    (tx) => tx<{ id: string }[]>`
      insert into public.whatsapp_channels (workspace_id, provider, phone_number_id, display_phone_number, name, webhook_secret,
                                            credentials_encrypted)
      values (${team.workspaceId}, 'acme', ${channel.phoneNumberId}, '+62 811 0000', 'Acme line', ${channel.secret},
              ${encryptSecret(JSON.stringify({ apiKey: channel.apiKey }))})
      returning id`,
  );
  channel.id = row?.id ?? "";
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function acmePost(body: unknown, secret = channel.secret) {
  const raw = JSON.stringify(body);
  return receiveWebhook({
    provider: ACME,
    rawBody: new TextEncoder().encode(raw),
    headers: new Headers({
      "content-type": "application/json",
      "x-acme-signature": createHmac("sha256", secret).update(raw).digest("hex"),
    }),
  });
}

describe("a provider added as one adapter", () => {
  it("receives a signed webhook through the real receive path, stores it and answers through the delivery job", async () => {
    const ref = `acme-in-${randomUUID()}`;
    const body = {
      number: channel.phoneNumberId,
      messages: [{ ref, from: "6281299990000", name: "Budi", text: "Halo Acme", at: Math.floor(Date.now() / 1000) }],
    };

    const refused = await acmePost(body, "not-the-secret");
    expect(refused.status).toBe(401);

    const response = await acmePost(body);
    expect(response).toMatchObject({ status: 200, body: { ok: true, events: 1 } });
    await processWebhookEvents(response.storedEventIds);

    const [event] = await asService(
      (tx) => tx<{ provider: string; channel_id: string; headers: Record<string, string> }[]>`
        select provider, channel_id, headers from public.webhook_events where id = ${response.storedEventIds[0] ?? 0}`,
    );
    expect(event).toMatchObject({ provider: "acme", channel_id: channel.id });
    expect(event?.headers["x-acme-signature"]).toMatch(/^[0-9a-f]{64}$/);

    const [inbound] = await asService(
      (tx) => tx<{ conversation_id: string; body: string; direction: string; phone_e164: string; profile_name: string }[]>`
        select m.conversation_id, m.body, m.direction, k.phone_e164, k.profile_name
        from public.messages m
        join public.conversations c on c.id = m.conversation_id
        join public.contacts k on k.id = c.contact_id
        where m.workspace_id = ${team.workspaceId} and m.wamid = ${ref}`,
    );
    expect(inbound).toMatchObject({ body: "Halo Acme", direction: "inbound", phone_e164: "+6281299990000", profile_name: "Budi" });

    const reply = await asUser(team.agent.claims, (tx) =>
      sendText(
        tx,
        { workspaceId: team.workspaceId, userId: team.agent.id },
        {
          conversationId: inbound?.conversation_id ?? "",
          idempotencyKey: randomUUID(),
          text: "Halo Budi, ada yang bisa dibantu?",
        },
      ),
    );
    expect(await sendOutboundMessage(reply.id, { finalAttempt: false })).toBe("sent");

    expect(sent).toEqual([
      {
        number: channel.phoneNumberId,
        authorization: `Bearer ${channel.apiKey}`,
        body: { to: "6281299990000", text: "Halo Budi, ada yang bisa dibantu?" },
      },
    ]);
    const [outbound] = await asService(
      (tx) => tx<{ status: string; wamid: string }[]>`select status, wamid from public.messages where id = ${reply.id}`,
    );
    expect(outbound).toEqual({ status: "sent", wamid: "acme-out-1" });
  });

  it("cannot take the name of a provider we have", () => {
    expect(() => registerProvider("meta", acme)).toThrow(/already registered/);
  });
});
