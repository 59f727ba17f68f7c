import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as send from "@/app/api/v1/messages/route";
import { asService } from "@/server/db/client";
import { sendOutboundMessage } from "@/server/inbox/delivery";
import { sendMessageJob } from "@/server/inbox/jobs";
import { stopQueue } from "@/server/jobs/queue";
import { apiRequest, createKey, read } from "../support/api";
import { connectChannel, type FakeProvider, jobsFor, startFakeProvider, workJob } from "../support/fake-provider";
import { createTeam, unique } from "../support/fixtures";
import { createChannel, customerWrites, type TestChannel } from "../support/webhooks";

let fake: FakeProvider;
let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
let writeKey: { key: string; id: string };

const customerPhone = () => `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;

interface Accepted {
  id: string;
  status: string;
  conversation_id: string;
  contact_id: string;
}

const post = (body: unknown, options: { key?: string; idempotencyKey?: string } = {}) =>
  read<Accepted & { error?: { code: string; message: string; details: Record<string, unknown> | null } }>(
    send.POST(
      apiRequest("POST", "/messages", {
        key: options.key ?? writeKey.key,
        body,
        headers: options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {},
      }),
    ),
  );

beforeAll(async () => {
  fake = await startFakeProvider();
  fake.installEnv();
  team = await createTeam();
  channel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
  await connectChannel(fake, channel, "meta");
  writeKey = await createKey(team, "write");
});

afterEach(() => fake.reset());

afterAll(async () => {
  await stopQueue();
  await fake.close();
});

describe("POST /messages", () => {
  it("answers 202 pending, marks the message as the API key's, and the job sends it", async () => {
    const from = customerPhone();
    const inbound = await customerWrites(channel, { from, text: "Halo, pesanan saya?" });
    const { status, body } = await post({ phone: `+${from}`, type: "text", text: "Sudah dikirim kak" });
    expect(status).toBe(202);
    expect(body).toEqual({
      id: expect.any(String),
      status: "pending",
      conversation_id: inbound.conversationId,
      contact_id: inbound.contactId,
    });
    const [row] = await asService(
      (tx) => tx`select sender_type, sender_user_id, sender_api_key_id, status from public.messages where id = ${body.id}`,
    );
    expect(row).toEqual({ sender_type: "api", sender_user_id: null, sender_api_key_id: writeKey.id, status: "pending" });
    expect(await workJob(sendMessageJob.name, body.id, () => sendOutboundMessage(body.id, { finalAttempt: false }))).toBe("sent");
    expect(fake.sends().map((r) => r.json)).toEqual([
      expect.objectContaining({ to: from, type: "text", text: expect.objectContaining({ body: "Sudah dikirim kak" }) }),
    ]);
  });

  it("sends once for 10 concurrent retries with one Idempotency-Key: every answer is the first one", async () => {
    const from = customerPhone();
    await customerWrites(channel, { from });
    const idempotencyKey = unique("order-17");
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => post({ phone: from, type: "text", text: "Pesanan A-17 dikirim" }, { idempotencyKey })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(9);
    const [id] = [...ids] as [string];
    const [count] = await asService(
      (tx) =>
        tx<
          { n: number }[]
        >`select count(*)::int as n from public.messages where workspace_id = ${team.workspaceId} and body = 'Pesanan A-17 dikirim'`,
    );
    expect(count?.n).toBe(1);
    expect(await jobsFor(sendMessageJob.name, id)).toHaveLength(1);
    await workJob(sendMessageJob.name, id, () => sendOutboundMessage(id, { finalAttempt: false }));

    // A retry after the send still gets the first answer and sends nothing.
    const late = await post({ phone: from, type: "text", text: "Pesanan A-17 dikirim" }, { idempotencyKey });
    expect(late).toMatchObject({ status: 202, body: { id, status: "pending" } });
    expect(fake.sends()).toHaveLength(1);
  });

  it("refuses an Idempotency-Key reused with another body, and sends nothing for it", async () => {
    const from = customerPhone();
    await customerWrites(channel, { from });
    const idempotencyKey = unique("order-18");
    const first = await post({ phone: from, type: "text", text: "Pesanan A-18 dikirim" }, { idempotencyKey });
    expect(first.status).toBe(202);
    const other = await post({ phone: from, type: "text", text: "Pesanan A-19 dikirim" }, { idempotencyKey });
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({
      code: "invalid",
      message: expect.stringMatching(/different request/),
      details: { reason: "idempotency_key_reused" },
    });
    const [count] = await asService(
      (tx) => tx<{ n: number }[]>`
        select count(*)::int as n from public.messages
        where workspace_id = ${team.workspaceId} and body like 'Pesanan A-1_ dikirim' and body <> 'Pesanan A-17 dikirim'`,
    );
    expect(count?.n).toBe(1);
    // The same key of another API key is another request.
    const secondKey = await createKey(team, "write");
    const otherKey = await post({ phone: from, type: "text", text: "Pesanan A-19 dikirim" }, { idempotencyKey, key: secondKey.key });
    expect(otherKey.status).toBe(202);
  });

  it("refuses free text outside the 24-hour window, naming it, and allows a template to a new number", async () => {
    const phone = `+${customerPhone()}`;
    const text = await post({ phone, type: "text", text: "Halo" });
    expect(text.status).toBe(409);
    expect(text.body.error).toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/24 hours/),
      details: { reason: "outside_24h_window" },
    });

    await asService(
      (tx) => tx`insert into public.whatsapp_templates (workspace_id, provider_template_id, name, language, status, components)
                 values (${team.workspaceId}, ${unique("tpl")}, 'order_shipped', 'id', 'APPROVED',
                         ${tx.json([{ type: "BODY", text: "Halo {{1}}, pesanan {{2}} sudah dikirim." }])})`,
    );
    const template = await post({
      phone,
      type: "template",
      template: { name: "order_shipped", language: "id", parameters: { body: ["Siti", "A-17"] } },
    });
    expect(template.status).toBe(202);
    const [row] = await asService((tx) => tx`select body, content from public.messages where id = ${template.body.id}`);
    expect(row?.body).toBe("Halo Siti, pesanan A-17 sudah dikirim.");
    const missing = await post({
      phone,
      type: "template",
      template: { name: "order_shipped", language: "id", parameters: { body: ["Siti"] } },
    });
    expect(missing.status).toBe(422);
    const unknown = await post({ phone, type: "template", template: { name: "nope", language: "id" } });
    expect(unknown.status).toBe(404);
  });

  it("sends media by HTTPS link, and names the failing field of invalid input", async () => {
    const from = customerPhone();
    await customerWrites(channel, { from });
    const media = await post({
      phone: from,
      type: "media",
      media: { kind: "document", url: "https://shop.example/A-17.pdf", filename: "A-17.pdf" },
    });
    expect(media.status).toBe(202);
    await workJob(sendMessageJob.name, media.body.id, () => sendOutboundMessage(media.body.id, { finalAttempt: false }));
    expect(fake.sends()[0]?.json).toMatchObject({
      type: "document",
      document: { link: "https://shop.example/A-17.pdf", filename: "A-17.pdf" },
    });

    const insecure = await post({ phone: from, type: "media", media: { kind: "image", url: "http://shop.example/a.jpg" } });
    expect(insecure.status).toBe(422);
    expect(insecure.body.error?.message).toMatch(/^body\.media\.url: /);
    const both = await post({ phone: from, contact_id: "7d3f4a1e-9c1b-4c9e-8f3a-2b6d5e4c3a21", type: "text", text: "x" });
    expect(both.body.error?.message).toMatch(/^body\.contact_id: /);
  });

  it("is refused to a read key", async () => {
    const { key } = await createKey(team, "read");
    const from = customerPhone();
    await customerWrites(channel, { from });
    const answer = await post({ phone: from, type: "text", text: "Halo" }, { key });
    expect(answer.status).toBe(403);
    const [count] = await asService(
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.messages where body = 'Halo' and sender_type = 'api'`,
    );
    expect(count?.n).toBe(0);
  });
});
