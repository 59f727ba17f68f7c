import { beforeAll, describe, expect, it } from "vitest";
import { encryptSecret } from "@/server/crypto/secrets";
import { asService, asUser, type Tx } from "@/server/db/client";
import { sendMedia, sendText } from "@/server/inbox/commands";
import { sendOutboundMessage, sendReadReceipt } from "@/server/inbox/delivery";
import { sendMessageJob } from "@/server/inbox/jobs";
import type { Provider } from "@/server/whatsapp/providers";
import type { Actor } from "@/server/workspaces/actor";
import { metaStatus } from "../../scripts/webhooks/payloads";
import { expectAppError } from "../support/app-error";
import { answeredWamid, connectChannel, jobsFor, useFakeProvider, workJob } from "../support/fake-provider";
import type { TestUser } from "../support/fixtures";
import { createTeam, unique } from "../support/fixtures";
import { createChannel, customerWrites, deliverAndProcess, type TestChannel } from "../support/webhooks";

const fake = useFakeProvider();
let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
let credential: string;

const customerPhone = () => `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;

function as<T>(user: TestUser, fn: (tx: Tx, actor: Actor) => Promise<T>): Promise<T> {
  return asUser(user.claims, (tx) => fn(tx, { workspaceId: team.workspaceId, userId: user.id }));
}

interface MessageRow {
  id: string;
  status: string;
  wamid: string | null;
  direction: string;
  type: string;
  body: string | null;
  sender_type: string;
  sender_user_id: string | null;
  error: Record<string, unknown> | null;
  send_attempts: number;
  delivered_at: Date | null;
  read_at: Date | null;
  reply_to_wamid: string | null;
}

async function messageRow(id: string): Promise<MessageRow> {
  const [row] = await asService(
    (tx) => tx<MessageRow[]>`
      select id, status, wamid, direction, type, body, sender_type, sender_user_id, error, send_attempts, delivered_at, read_at,
             reply_to_wamid
      from public.messages where id = ${id}`,
  );
  if (!row) throw new Error(`no message ${id}`);
  return row;
}

async function newConversation(target: TestChannel = channel) {
  const from = customerPhone();
  const inbound = await customerWrites(target, { from, text: "Kak, ukuran L masih ada?" });
  return { ...inbound, from };
}

const runSend = (messageId: string) =>
  workJob(sendMessageJob.name, messageId, () => sendOutboundMessage(messageId, { finalAttempt: false }));

function deliverStatus(wamid: string, status: "sent" | "delivered" | "read" | "failed", recipient: string, at: Date) {
  return deliverAndProcess(
    channel,
    "meta",
    metaStatus({ phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber }, { wamid, status, recipient, at }),
  );
}

beforeAll(async () => {
  team = await createTeam();
  channel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
  credential = await connectChannel(fake, channel, "meta");
});

describe("sending a text", () => {
  it("stores a pending message with exactly one send job; the job sends it through the provider and keeps the wamid", async () => {
    const { conversationId, from } = await newConversation();
    const queued = await as(team.agent, (tx, actor) =>
      sendText(tx, actor, { conversationId, idempotencyKey: unique("key"), text: "  Masih kak, mau warna apa?  " }),
    );
    expect(queued.created).toBe(true);
    expect(await messageRow(queued.id)).toMatchObject({
      status: "pending",
      wamid: null,
      direction: "outbound",
      type: "text",
      body: "Masih kak, mau warna apa?",
      sender_type: "agent",
      sender_user_id: team.agent.id,
      send_attempts: 0,
    });
    const jobs = await jobsFor(sendMessageJob.name, queued.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ state: "created", data: { messageId: queued.id } });
    expect(fake.sends()).toHaveLength(0);

    expect(await runSend(queued.id)).toBe("sent");

    const sends = fake.sends();
    expect(sends).toHaveLength(1);
    const [request] = sends;
    expect(request).toMatchObject({ provider: "meta", method: "POST", path: `/${channel.phoneNumberId}/messages`, status: 200 });
    expect(request?.url).toBe(`${new URL(fake.env.META_GRAPH_URL).pathname}/${channel.phoneNumberId}/messages`);
    expect(request?.headers.authorization).toBe(`Bearer ${credential}`);
    expect(request?.headers["content-type"]).toMatch(/^application\/json/);
    expect(request?.json).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: from,
      type: "text",
      text: { body: "Masih kak, mau warna apa?", preview_url: false },
      biz_opaque_callback_data: queued.id,
    });
    const wamid = answeredWamid(request);
    expect(wamid).toMatch(/^wamid\./);
    expect(await messageRow(queued.id)).toMatchObject({ status: "sent", wamid, error: null, send_attempts: 1 });
    expect((await jobsFor(sendMessageJob.name, queued.id)).map((j) => j.state)).toEqual(["completed"]);

    const [conversation] = await asService(
      (tx) => tx`select last_message_preview, last_message_direction from public.conversations where id = ${conversationId}`,
    );
    expect(conversation).toMatchObject({ last_message_preview: "Masih kak, mau warna apa?", last_message_direction: "outbound" });
  });

  it("sends a reply with context.message_id of the quoted message, and previews links", async () => {
    const { conversationId, messageId, wamid: quotedWamid } = await newConversation();
    const queued = await as(team.agent, (tx, actor) =>
      sendText(tx, actor, {
        conversationId,
        idempotencyKey: unique("key"),
        text: "Ada kak, cek https://toko.example/l",
        replyToMessageId: messageId,
      }),
    );
    expect((await messageRow(queued.id)).reply_to_wamid).toBe(quotedWamid);
    expect(await runSend(queued.id)).toBe("sent");
    expect(fake.sends()[0]?.json).toMatchObject({
      type: "text",
      text: { body: "Ada kak, cek https://toko.example/l", preview_url: true },
      context: { message_id: quotedWamid },
    });
  });

  it("refuses a reply to a message that has not reached WhatsApp or is in another conversation", async () => {
    const first = await newConversation();
    const other = await newConversation();
    const pending = await as(team.agent, (tx, actor) =>
      sendText(tx, actor, { conversationId: first.conversationId, idempotencyKey: unique("key"), text: "Sebentar ya" }),
    );
    await expectAppError(
      as(team.agent, (tx, actor) =>
        sendText(tx, actor, {
          conversationId: first.conversationId,
          idempotencyKey: unique("key"),
          text: "Ini balasan",
          replyToMessageId: pending.id,
        }),
      ),
      "conflict",
    );
    await expectAppError(
      as(team.agent, (tx, actor) =>
        sendText(tx, actor, {
          conversationId: first.conversationId,
          idempotencyKey: unique("key"),
          text: "Ini balasan",
          replyToMessageId: other.messageId,
        }),
      ),
      "not_found",
    );
  });

  it("refuses an empty text and one over 4096 characters", async () => {
    const { conversationId } = await newConversation();
    await expectAppError(
      as(team.agent, (tx, actor) => sendText(tx, actor, { conversationId, idempotencyKey: unique("key"), text: "   " })),
      "invalid",
    );
    await expectAppError(
      as(team.agent, (tx, actor) => sendText(tx, actor, { conversationId, idempotencyKey: unique("key"), text: "x".repeat(4097) })),
      "invalid",
      /4096/,
    );
  });

  it("the same idempotency key twice gives one message, one job and one provider call", async () => {
    const { conversationId } = await newConversation();
    const idempotencyKey = unique("key");
    const first = await as(team.agent, (tx, actor) => sendText(tx, actor, { conversationId, idempotencyKey, text: "Sudah dikirim kak" }));
    const second = await as(team.agent, (tx, actor) => sendText(tx, actor, { conversationId, idempotencyKey, text: "Sudah dikirim kak" }));
    expect(second).toEqual({ id: first.id, created: false });

    const rows = await asService(
      (tx) => tx`select id from public.messages where workspace_id = ${team.workspaceId} and idempotency_key = ${idempotencyKey}`,
    );
    expect(rows).toHaveLength(1);
    expect(await jobsFor(sendMessageJob.name, first.id)).toHaveLength(1);

    expect(await runSend(first.id)).toBe("sent");
    // A duplicate job run (e.g. a worker that lost its lease) finds the message no longer pending.
    expect(await sendOutboundMessage(first.id, { finalAttempt: false })).toBe("skipped");
    expect(fake.sends()).toHaveLength(1);

    // The same key in another conversation is a different message: refused, not silently merged.
    const other = await newConversation();
    await expectAppError(
      as(team.agent, (tx, actor) => sendText(tx, actor, { conversationId: other.conversationId, idempotencyKey, text: "Lain" })),
      "conflict",
    );
  });
  it("two workers running the same message at once send it once", async () => {
    const { conversationId } = await newConversation();
    const queued = await as(team.agent, (tx, actor) =>
      sendText(tx, actor, { conversationId, idempotencyKey: unique("key"), text: "Sekali saja" }),
    );
    // The provider is slow: the second worker comes while the first still holds the message.
    fake.beforeReply = () => new Promise((resolve) => setTimeout(resolve, 300));
    const outcomes = await Promise.all([
      sendOutboundMessage(queued.id, { finalAttempt: false }),
      sendOutboundMessage(queued.id, { finalAttempt: false }),
    ]);
    // The second finds it claimed by a send in flight: it never calls the provider, and its job comes back later.
    expect(outcomes.sort()).toEqual(["deferred", "sent"]);
    expect(fake.sends()).toHaveLength(1);
    expect(await messageRow(queued.id)).toMatchObject({ status: "sent", send_attempts: 1 });
  });
});

describe("delivery statuses from webhooks", () => {
  async function sentMessage() {
    const conversation = await newConversation();
    const queued = await as(team.agent, (tx, actor) =>
      sendText(tx, actor, { conversationId: conversation.conversationId, idempotencyKey: unique("key"), text: "Pesanan dikirim" }),
    );
    await runSend(queued.id);
    const row = await messageRow(queued.id);
    if (!row.wamid) throw new Error("not sent");
    return { id: queued.id, wamid: row.wamid, from: conversation.from };
  }

  it("moves a sent message to delivered, then read, with the provider's times; a late 'sent' does not move it back", async () => {
    const message = await sentMessage();
    const deliveredAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 2000);
    const readAt = new Date(deliveredAt.getTime() + 5000);
    await deliverStatus(message.wamid, "delivered", message.from, deliveredAt);
    expect(await messageRow(message.id)).toMatchObject({ status: "delivered", delivered_at: deliveredAt, read_at: null });
    await deliverStatus(message.wamid, "read", message.from, readAt);
    expect(await messageRow(message.id)).toMatchObject({ status: "read", delivered_at: deliveredAt, read_at: readAt });
    await deliverStatus(message.wamid, "sent", message.from, new Date(deliveredAt.getTime() - 1000));
    expect((await messageRow(message.id)).status).toBe("read");
  });

  it("keeps read when 'read' arrives before 'delivered'", async () => {
    const message = await sentMessage();
    const deliveredAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 1000);
    const readAt = new Date(deliveredAt.getTime() + 3000);
    await deliverStatus(message.wamid, "read", message.from, readAt);
    expect((await messageRow(message.id)).status).toBe("read");
    await deliverStatus(message.wamid, "delivered", message.from, deliveredAt);
    expect(await messageRow(message.id)).toMatchObject({ status: "read", delivered_at: deliveredAt, read_at: readAt });
  });

  it("applies a status that arrives before the send job stored the wamid", async () => {
    const conversation = await newConversation();
    const queued = await as(team.agent, (tx, actor) =>
      sendText(tx, actor, { conversationId: conversation.conversationId, idempotencyKey: unique("key"), text: "Cepat sekali" }),
    );
    const deliveredAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    let rowDuringSend: MessageRow | null = null;
    // WhatsApp's "delivered" webhook lands while our send is still waiting for the provider's answer.
    fake.beforeReply = async (request) => {
      const wamid = answeredWamid(request);
      if (request.route !== "messages" || !wamid) return;
      rowDuringSend = await messageRow(queued.id);
      await deliverStatus(wamid, "delivered", conversation.from, deliveredAt);
    };
    expect(await runSend(queued.id)).toBe("sent");
    expect(rowDuringSend).toMatchObject({ status: "pending", wamid: null });
    expect(await messageRow(queued.id)).toMatchObject({ status: "delivered", delivered_at: deliveredAt });
  });

  it("marks the message failed, with Meta's error, when a 'failed' status arrives", async () => {
    const message = await sentMessage();
    await deliverStatus(message.wamid, "failed", message.from, new Date());
    const row = await messageRow(message.id);
    expect(row.status).toBe("failed");
    expect(row.error).toMatchObject({ code: 131047 });
  });
});

describe("each provider", () => {
  const expected: Record<Provider, { path: (pnid: string) => string; base: () => string; header: string; value: (key: string) => string }> =
    {
      meta: {
        path: (pnid) => `/${pnid}/messages`,
        base: () => fake.env.META_GRAPH_URL,
        header: "authorization",
        value: (key) => `Bearer ${key}`,
      },
      "360dialog": { path: () => "/messages", base: () => fake.env.DIALOG360_API_URL, header: "d360-api-key", value: (key) => key },
      kapso: { path: (pnid) => `/${pnid}/messages`, base: () => fake.env.KAPSO_API_URL, header: "x-api-key", value: (key) => key },
    };

  it.each(["meta", "360dialog", "kapso"] as const)(
    "%s: a send (and a read receipt) goes to the provider's URL with its auth header only",
    async (provider) => {
      const line = await createChannel({ provider, workspaceId: team.workspaceId });
      const key = await connectChannel(fake, line, provider);
      const conversation = await newConversation(line);
      const queued = await as(team.agent, (tx, actor) =>
        sendText(tx, actor, { conversationId: conversation.conversationId, idempotencyKey: unique("key"), text: `Halo dari ${provider}` }),
      );
      expect(await runSend(queued.id)).toBe("sent");

      const sends = fake.sends(line.phoneNumberId);
      expect(sends).toHaveLength(1);
      const [request] = sends;
      const rule = expected[provider];
      expect(request).toMatchObject({ provider, method: "POST", path: rule.path(line.phoneNumberId), status: 200 });
      expect(request?.url).toBe(`${new URL(rule.base()).pathname}${rule.path(line.phoneNumberId)}`);
      expect(request?.headers[rule.header]).toBe(rule.value(key));
      for (const other of ["authorization", "d360-api-key", "x-api-key"].filter((h) => h !== rule.header)) {
        expect(request?.headers[other]).toBeUndefined();
      }
      expect(request?.json).toMatchObject({
        messaging_product: "whatsapp",
        to: conversation.from,
        type: "text",
        text: { body: `Halo dari ${provider}` },
      });
      expect((await messageRow(queued.id)).status).toBe("sent");

      // The read receipt takes the same route with the same credential.
      expect(await sendReadReceipt(conversation.messageId)).toBe("sent");
      const [receipt] = fake.readReceipts(line.phoneNumberId);
      expect(receipt).toMatchObject({ provider, path: rule.path(line.phoneNumberId), status: 200 });
      expect(receipt?.headers[rule.header]).toBe(rule.value(key));
      expect(receipt?.json).toEqual({ messaging_product: "whatsapp", status: "read", message_id: conversation.wamid });
    },
  );

  describe("kapso: the outbound echo (whatsapp.message.sent) of our own API send", () => {
    function kapsoSentEvent(line: TestChannel, wamid: string, to: string, text: string) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      return {
        message: {
          id: wamid,
          timestamp,
          type: "text",
          text: { body: text },
          kapso: {
            direction: "outbound",
            status: "sent",
            processing_status: "completed",
            origin: "cloud_api",
            has_media: false,
            statuses: [{ id: wamid, status: "sent", timestamp, recipient_id: to }],
          },
        },
        conversation: { id: `conv_${to}`, phone_number: `+${to}`, status: "active", phone_number_id: line.phoneNumberId },
        is_new_conversation: false,
        phone_number_id: line.phoneNumberId,
      };
    }

    async function outboundRows(conversationId: string) {
      return asService(
        (tx) => tx<{ id: string; wamid: string | null; status: string; sender_type: string }[]>`
          select id, wamid, status, sender_type from public.messages
          where conversation_id = ${conversationId} and direction = 'outbound' order by created_at`,
      );
    }

    async function setup(text: string) {
      const line = await createChannel({ provider: "kapso", workspaceId: team.workspaceId });
      await connectChannel(fake, line, "kapso");
      const conversation = await newConversation(line);
      const queued = await as(team.agent, (tx, actor) =>
        sendText(tx, actor, { conversationId: conversation.conversationId, idempotencyKey: unique("key"), text }),
      );
      const echo = async (wamid: string) => {
        const { response } = await deliverAndProcess(line, "kapso", kapsoSentEvent(line, wamid, conversation.from, text), {
          kapsoEvent: "whatsapp.message.sent",
        });
        expect(response.status).toBe(200);
      };
      return { line, conversation, queued, echo };
    }

    it("arriving after the send stored its wamid, it adds nothing to the thread", async () => {
      const { line, conversation, queued, echo } = await setup("Pesanan sudah dikemas");
      expect(await runSend(queued.id)).toBe("sent");
      await echo(String((await messageRow(queued.id)).wamid));
      const rows = await outboundRows(conversation.conversationId);
      expect(rows).toEqual([expect.objectContaining({ id: queued.id, status: "sent", sender_type: "agent" })]);
      expect(fake.sends(line.phoneNumberId)).toHaveLength(1);
    });

    it("arriving while the send is still waiting for Kapso's answer, the customer still gets the message once", async () => {
      const { line, conversation, queued, echo } = await setup("Resi JNE 0123");
      fake.beforeReply = async (request) => {
        const wamid = answeredWamid(request);
        if (request.route === "messages" && wamid) await echo(wamid);
      };
      // However the first run ends, the queue runs the job again until it reports success or failure.
      const first = await sendOutboundMessage(queued.id, { finalAttempt: false }).catch((error: unknown) => error);
      fake.beforeReply = null;
      if (first !== "sent") await sendOutboundMessage(queued.id, { finalAttempt: false }).catch((error: unknown) => error);

      expect(fake.sends(line.phoneNumberId)).toHaveLength(1);
      const rows = await outboundRows(conversation.conversationId);
      expect(rows.filter((r) => r.status !== "failed")).toHaveLength(1);
      expect(first).toBe("sent");
    });
  });

  it("a revoked credential fails the message at once with the provider's error (401 is not retried)", async () => {
    const line = await createChannel({ provider: "kapso", workspaceId: team.workspaceId });
    await connectChannel(fake, line, "kapso");
    // The provider knows the number, but the key we hold is no longer valid.
    await asService(
      (tx) => tx`update public.whatsapp_channels set credentials_encrypted = ${encryptSecret(JSON.stringify({ apiKey: "revoked" }))}
                 where id = ${line.id}`,
    );
    const conversation = await newConversation(line);
    const queued = await as(team.agent, (tx, actor) =>
      sendText(tx, actor, { conversationId: conversation.conversationId, idempotencyKey: unique("key"), text: "Halo" }),
    );
    expect(await runSend(queued.id)).toBe("failed");
    const row = await messageRow(queued.id);
    expect(row).toMatchObject({ status: "failed", wamid: null, send_attempts: 1 });
    expect(row.error).toMatchObject({ code: 190, message: "Invalid API key" });
    expect(fake.sends(line.phoneNumberId).map((r) => r.status)).toEqual([401]);
  });
});

describe("the 24-hour customer service window", () => {
  async function conversationLastWrittenAgo(interval: string | null) {
    const conversation = await newConversation();
    await asService(
      (tx) => tx`update public.conversations
                 set last_customer_message_at = ${interval === null ? null : tx`now() - ${interval}::interval`}
                 where id = ${conversation.conversationId}`,
    );
    return conversation;
  }

  async function outboundCount(conversationId: string) {
    const [row] = await asService(
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.messages
                                  where conversation_id = ${conversationId} and direction = 'outbound'`,
    );
    return row?.n ?? 0;
  }

  it("allows a text 23 hours 59 minutes after the customer's last message", async () => {
    const { conversationId } = await conversationLastWrittenAgo("23 hours 59 minutes");
    const queued = await as(team.agent, (tx, actor) =>
      sendText(tx, actor, { conversationId, idempotencyKey: unique("key"), text: "Masih bisa" }),
    );
    expect(queued.created).toBe(true);
    expect(await jobsFor(sendMessageJob.name, queued.id)).toHaveLength(1);
  });

  it("refuses a text or a file 24 hours and 1 minute after, pointing to templates, and stores nothing", async () => {
    const { conversationId } = await conversationLastWrittenAgo("24 hours 1 minute");
    await expectAppError(
      as(team.agent, (tx, actor) => sendText(tx, actor, { conversationId, idempotencyKey: unique("key"), text: "Terlambat" })),
      "conflict",
      /template/i,
    );
    await expectAppError(
      as(team.agent, (tx, actor) =>
        sendMedia(tx, actor, {
          conversationId,
          idempotencyKey: unique("key"),
          storagePath: `${team.workspaceId}/00000000-0000-4000-8000-000000000000`,
          mimeType: "image/jpeg",
          filename: "foto.jpg",
          size: 1000,
          caption: null,
        }),
      ),
      "conflict",
      /template/i,
    );
    expect(await outboundCount(conversationId)).toBe(0);
  });

  it("refuses a text when the customer never wrote", async () => {
    const { conversationId } = await conversationLastWrittenAgo(null);
    await expectAppError(
      as(team.agent, (tx, actor) => sendText(tx, actor, { conversationId, idempotencyKey: unique("key"), text: "Halo" })),
      "conflict",
      /template/i,
    );
  });
});
