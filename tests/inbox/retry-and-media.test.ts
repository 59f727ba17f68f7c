import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { asService, asUser } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { addNote, mediaKindOf, retryMessage, sendMedia, sendText } from "@/server/inbox/commands";
import { sendOutboundMessage } from "@/server/inbox/delivery";
import { sendMessageJob } from "@/server/inbox/jobs";
import { putMedia } from "@/server/whatsapp/media/storage";
import { ProviderError } from "@/server/whatsapp/providers/client";
import type { Actor } from "@/server/workspaces/actor";
import { metaStatus } from "../../scripts/webhooks/payloads";
import { expectAppError } from "../support/app-error";
import { answeredMediaId, connectChannel, GRAPH_ERRORS, jobsFor, useFakeProvider, workJob } from "../support/fake-provider";
import { createTeam, unique } from "../support/fixtures";
import { createChannel, customerWrites, deliverAndProcess, type TestChannel } from "../support/webhooks";

const fake = useFakeProvider();
let team: Awaited<ReturnType<typeof createTeam>>;
let channel: TestChannel;
let agent: Actor;

const customerPhone = () => `62812${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`;

interface Row {
  status: string;
  wamid: string | null;
  error: { code?: number; title?: string; message?: string; details?: string } | null;
  send_attempts: number;
  failed_at: Date | null;
  media_id: string | null;
  content: Record<string, unknown>;
  body: string | null;
  type: string;
}

async function row(id: string): Promise<Row> {
  const [found] = await asService(
    (tx) =>
      tx<Row[]>`select status, wamid, error, send_attempts, failed_at, media_id, content, body, type from public.messages where id = ${id}`,
  );
  if (!found) throw new Error(`no message ${id}`);
  return found;
}

async function pendingText(text = "Baik kak, saya cek dulu") {
  const from = customerPhone();
  const { conversationId, messageId } = await customerWrites(channel, { from, text: "Halo" });
  const queued = await asUser(team.agent.claims, (tx) => sendText(tx, agent, { conversationId, idempotencyKey: unique("key"), text }));
  return { id: queued.id, conversationId, from, inboundId: messageId };
}

const job = (messageId: string, finalAttempt = false) =>
  workJob(sendMessageJob.name, messageId, () => sendOutboundMessage(messageId, { finalAttempt }));

beforeAll(async () => {
  process.env.MEDIA_DIR = await mkdtemp(path.join(tmpdir(), "conversa-outbound-media-"));
  team = await createTeam();
  channel = await createChannel({ provider: "meta", workspaceId: team.workspaceId });
  await connectChannel(fake, channel, "meta");
  agent = { workspaceId: team.workspaceId, userId: team.agent.id };
});

describe("provider failures and retries", () => {
  it("a 500 is retried: the job throws, the message stays pending with the error; the next run sends it", async () => {
    const message = await pendingText();
    fake.failNext(1, GRAPH_ERRORS.serviceUnavailable, { route: "messages" });

    const error = await job(message.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 500, transient: true });
    const afterFailure = await row(message.id);
    expect(afterFailure).toMatchObject({ status: "pending", wamid: null, send_attempts: 1, failed_at: null });
    expect(afterFailure.error).toMatchObject({ code: 2, message: "Service unavailable" });
    expect((await jobsFor(sendMessageJob.name, message.id)).map((j) => j.state)).toEqual(["retry"]);

    expect(await job(message.id)).toBe("sent");
    const afterRetry = await row(message.id);
    expect(afterRetry).toMatchObject({ status: "sent", error: null, send_attempts: 2 });
    expect(afterRetry.wamid).toMatch(/^wamid\./);
    expect(fake.sends(channel.phoneNumberId).map((r) => r.status)).toEqual([500, 200]);
  });

  it("a 429 rate limit (130429) sends it later without counting a failed attempt", async () => {
    const message = await pendingText();
    fake.failNext(1, GRAPH_ERRORS.rateLimited, { route: "messages" });
    const run = () =>
      workJob(sendMessageJob.name, message.id, () =>
        sendMessageJob.run({ messageId: message.id }, { jobId: message.id, retryCount: 0, finalAttempt: false }),
      );
    expect(await run()).toBe("deferred");
    expect(await row(message.id)).toMatchObject({ status: "pending", error: null, send_attempts: 0 });
    // The job completed and queued the message again, to start a few seconds later.
    expect((await jobsFor(sendMessageJob.name, message.id)).map((j) => j.state)).toEqual(["completed", "created"]);
    expect(await run()).toBe("sent");
  });

  it("a 500 on the final attempt marks the message failed", async () => {
    const message = await pendingText();
    fake.failNext(1, GRAPH_ERRORS.serviceUnavailable, { route: "messages" });
    expect(await job(message.id, true)).toBe("failed");
    const failed = await row(message.id);
    expect(failed).toMatchObject({ status: "failed", wamid: null, send_attempts: 1 });
    expect(failed.failed_at).toBeInstanceOf(Date);
    expect(failed.error).toMatchObject({ code: 2 });
  });

  it("a permanent refusal (131047) fails at once with Meta's code and details, without another call", async () => {
    const message = await pendingText();
    fake.failNext(1, GRAPH_ERRORS.reEngagement, { route: "messages" });
    expect(await job(message.id)).toBe("failed");
    const failed = await row(message.id);
    expect(failed).toMatchObject({ status: "failed", wamid: null, send_attempts: 1 });
    expect(failed.error?.code).toBe(131047);
    expect(failed.error?.details).toContain("more than 24 hours have passed since the customer last replied");
    expect(failed.error?.message).toBe("(#131047) Re-engagement message");
    expect((await jobsFor(sendMessageJob.name, message.id)).map((j) => j.state)).toEqual(["completed"]);
    // Another run (a stray job) does not send a failed message.
    expect(await sendOutboundMessage(message.id, { finalAttempt: false })).toBe("skipped");
    expect(fake.sends(channel.phoneNumberId)).toHaveLength(1);
  });

  it("retryMessage puts a failed message that never reached WhatsApp back to pending and it is sent", async () => {
    const message = await pendingText();
    fake.failNext(1, GRAPH_ERRORS.reEngagement, { route: "messages" });
    expect(await job(message.id)).toBe("failed");

    const retried = await asUser(team.agent.claims, (tx) => retryMessage(tx, agent, message.id));
    expect(retried).toEqual({ id: message.id, created: false });
    expect(await row(message.id)).toMatchObject({ status: "pending", error: null, failed_at: null, wamid: null });
    expect((await jobsFor(sendMessageJob.name, message.id)).map((j) => j.state)).toEqual(["completed", "created"]);

    expect(await job(message.id)).toBe("sent");
    expect(await row(message.id)).toMatchObject({ status: "sent", send_attempts: 2 });
    expect(fake.sends(channel.phoneNumberId).map((r) => r.status)).toEqual([400, 200]);
  });

  it("retryMessage refuses a message that is not failed, an inbound message and a note", async () => {
    const message = await pendingText();
    await expectAppError(
      asUser(team.agent.claims, (tx) => retryMessage(tx, agent, message.id)),
      "conflict",
      /failed/,
    );
    await job(message.id);
    await expectAppError(
      asUser(team.agent.claims, (tx) => retryMessage(tx, agent, message.id)),
      "conflict",
    );
    await expectAppError(
      asUser(team.agent.claims, (tx) => retryMessage(tx, agent, message.inboundId)),
      "not_found",
    );
    const note = await asUser(team.agent.claims, (tx) =>
      addNote(tx, agent, { conversationId: message.conversationId, idempotencyKey: unique("key"), text: "Cek stok" }),
    );
    await expectAppError(
      asUser(team.agent.claims, (tx) => retryMessage(tx, agent, note.id)),
      "not_found",
    );
    expect(await jobsFor(sendMessageJob.name, message.id)).toHaveLength(1);
  });

  it("retryMessage of a message that failed after WhatsApp accepted it sends one copy, however often it is clicked", async () => {
    const message = await pendingText("Pesanan #88 sudah dikirim");
    await job(message.id);
    const { wamid } = await row(message.id);
    await deliverAndProcess(
      channel,
      "meta",
      metaStatus(
        { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber },
        { wamid: String(wamid), status: "failed", recipient: message.from },
      ),
    );
    expect((await row(message.id)).status).toBe("failed");

    const copy = await asUser(team.agent.claims, (tx) => retryMessage(tx, agent, message.id));
    expect(copy.created).toBe(true);
    expect(copy.id).not.toBe(message.id);
    const again = await asUser(team.agent.claims, (tx) => retryMessage(tx, agent, message.id));
    expect(again).toEqual({ id: copy.id, created: false });

    expect(await row(copy.id)).toMatchObject({ status: "pending", body: "Pesanan #88 sudah dikirim", type: "text", wamid: null });
    expect(await job(copy.id)).toBe("sent");
    expect(fake.sends(channel.phoneNumberId)).toHaveLength(2);
    expect((await row(message.id)).status).toBe("failed");
  });

  it("retryMessage of a failed text is refused once the 24-hour window has closed", async () => {
    const message = await pendingText();
    fake.failNext(1, GRAPH_ERRORS.reEngagement, { route: "messages" });
    await job(message.id);
    await asService(
      (tx) =>
        tx`update public.conversations set last_customer_message_at = now() - interval '25 hours' where id = ${message.conversationId}`,
    );
    await expectAppError(
      asUser(team.agent.claims, (tx) => retryMessage(tx, agent, message.id)),
      "conflict",
      /template/i,
    );
    expect((await row(message.id)).status).toBe("failed");
  });
});

describe("sending files", () => {
  async function storedFile(bytes: Buffer) {
    const storagePath = `${team.workspaceId}/${randomUUID()}`;
    await putMedia(storagePath, bytes, "image/jpeg");
    return storagePath;
  }

  async function conversation() {
    const from = customerPhone();
    const { conversationId } = await customerWrites(channel, { from, text: "Boleh lihat fotonya?" });
    return { conversationId, from };
  }

  it("uploads the stored file to /media (multipart), then sends the image by its media id", async () => {
    const { conversationId, from } = await conversation();
    const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2048)]);
    const storagePath = await storedFile(bytes);
    const queued = await asUser(team.agent.claims, (tx) =>
      sendMedia(tx, agent, {
        conversationId,
        idempotencyKey: unique("key"),
        storagePath,
        mimeType: "image/png",
        filename: "kemeja-merah.png",
        size: bytes.byteLength,
        caption: "  Warna merah  ",
      }),
    );
    expect(await row(queued.id)).toMatchObject({ type: "image", body: "Warna merah", status: "pending", media_id: null });
    expect(await jobsFor(sendMessageJob.name, queued.id)).toHaveLength(1);

    expect(await job(queued.id)).toBe("sent");
    const uploads = fake.uploads(channel.phoneNumberId);
    expect(uploads).toHaveLength(1);
    const [upload] = uploads;
    expect(upload).toMatchObject({ method: "POST", path: `/${channel.phoneNumberId}/media`, status: 200 });
    expect(upload?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload?.multipart?.fields).toEqual({ messaging_product: "whatsapp", type: "image/png" });
    expect(upload?.multipart?.files).toEqual([
      expect.objectContaining({
        field: "file",
        filename: "kemeja-merah.png",
        contentType: "image/png",
        size: bytes.byteLength,
        sha256: createHash("sha256").update(bytes).digest("hex"),
      }),
    ]);
    const mediaId = answeredMediaId(upload);

    const [send] = fake.sends(channel.phoneNumberId);
    expect(fake.requests.indexOf(upload as never)).toBeLessThan(fake.requests.indexOf(send as never));
    expect(send?.json).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: from,
      type: "image",
      image: { id: mediaId, caption: "Warna merah" },
      biz_opaque_callback_data: queued.id,
    });
    expect(await row(queued.id)).toMatchObject({ status: "sent", media_id: mediaId });
  });

  it("keeps the uploaded media id across a failed send: the retry does not upload again", async () => {
    const { conversationId } = await conversation();
    const bytes = Buffer.from("%PDF-1.4 katalog");
    const queued = await asUser(team.agent.claims, async (tx) =>
      sendMedia(tx, agent, {
        conversationId,
        idempotencyKey: unique("key"),
        storagePath: await storedFile(bytes),
        mimeType: "application/pdf",
        filename: "katalog.pdf",
        size: bytes.byteLength,
        caption: null,
      }),
    );
    expect((await row(queued.id)).body).toBe("katalog.pdf");
    fake.failNext(1, GRAPH_ERRORS.serviceUnavailable, { route: "messages" });
    await expect(job(queued.id)).rejects.toBeInstanceOf(ProviderError);
    expect(await job(queued.id)).toBe("sent");

    const uploads = fake.uploads(channel.phoneNumberId);
    expect(uploads).toHaveLength(1);
    const mediaId = answeredMediaId(uploads[0]);
    const sends = fake.sends(channel.phoneNumberId);
    expect(sends.map((s) => s.status)).toEqual([500, 200]);
    expect(sends[1]?.json).toMatchObject({ type: "document", document: { id: mediaId, filename: "katalog.pdf" } });
  });

  it("fails the message at once when the stored file is gone", async () => {
    const { conversationId } = await conversation();
    const queued = await asUser(team.agent.claims, (tx) =>
      sendMedia(tx, agent, {
        conversationId,
        idempotencyKey: unique("key"),
        storagePath: `${team.workspaceId}/${randomUUID()}`,
        mimeType: "image/jpeg",
        filename: "hilang.jpg",
        size: 10,
        caption: null,
      }),
    );
    expect(await job(queued.id)).toBe("failed");
    expect((await row(queued.id)).error?.message).toMatch(/no longer in storage/);
    expect(fake.requests).toHaveLength(0);
  });

  it("mediaKindOf refuses an unsupported type and an oversized file, and knows each kind's limit", () => {
    expect(() => mediaKindOf("application/zip", 100)).toThrow(AppError);
    expect(() => mediaKindOf("application/zip", 100)).toThrow(/application\/zip/);
    expect(() => mediaKindOf("", 100)).toThrow(/unknown/);
    expect(mediaKindOf("image/jpeg", 5 * 1024 * 1024)).toBe("image");
    expect(() => mediaKindOf("image/jpeg", 5 * 1024 * 1024 + 1)).toThrow(/image files up to 5 MB/);
    expect(() => mediaKindOf("image/webp", 600 * 1024)).toThrow(/sticker files up to 0.5 MB/);
    expect(mediaKindOf("audio/ogg", 1000)).toBe("audio");
    expect(mediaKindOf("video/mp4", 16 * 1024 * 1024)).toBe("video");
    expect(mediaKindOf("application/pdf", 1000)).toBe("document");
  });

  it("sendMedia refuses an unsupported or oversized file before storing a message", async () => {
    const { conversationId } = await conversation();
    const input = { conversationId, storagePath: `${team.workspaceId}/${randomUUID()}`, filename: "x", caption: null };
    await expectAppError(
      asUser(team.agent.claims, (tx) =>
        sendMedia(tx, agent, { ...input, idempotencyKey: unique("key"), mimeType: "application/x-msdownload", size: 10 }),
      ),
      "invalid",
    );
    await expectAppError(
      asUser(team.agent.claims, (tx) =>
        sendMedia(tx, agent, { ...input, idempotencyKey: unique("key"), mimeType: "image/png", size: 6 * 1024 * 1024 }),
      ),
      "invalid",
      /5 MB/,
    );
    const [count] = await asService(
      (tx) =>
        tx<
          { n: number }[]
        >`select count(*)::int as n from public.messages where conversation_id = ${conversationId} and direction = 'outbound'`,
    );
    expect(count?.n).toBe(0);
  });

  it("drops the caption of a voice message", async () => {
    const { conversationId } = await conversation();
    const bytes = Buffer.from("OggS fake voice");
    const queued = await asUser(team.agent.claims, async (tx) =>
      sendMedia(tx, agent, {
        conversationId,
        idempotencyKey: unique("key"),
        storagePath: await storedFile(bytes),
        mimeType: "audio/ogg",
        filename: "voice.ogg",
        size: bytes.byteLength,
        caption: "ignored",
      }),
    );
    expect(await job(queued.id)).toBe("sent");
    const [send] = fake.sends(channel.phoneNumberId);
    expect(send?.json).toMatchObject({ type: "audio" });
    expect(Object.keys((send?.json?.audio as Record<string, unknown>) ?? {})).toEqual(["id"]);
  });
});
