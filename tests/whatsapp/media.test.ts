import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSecret } from "@/server/crypto/secrets";
import { asService } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { fetchMessageMedia } from "@/server/whatsapp/media/fetch-media";
import { getMedia } from "@/server/whatsapp/media/storage";
import { metaInboundImage, newWamid } from "../../scripts/webhooks/payloads";
import { startFakeGraphApi } from "../support/fake-graph-api";
import { createChannel, deliverAndProcess, type TestChannel } from "../support/webhooks";

let fake: Awaited<ReturnType<typeof startFakeGraphApi>>;
let channel: TestChannel;

beforeAll(async () => {
  fake = await startFakeGraphApi({ header: "authorization", value: "Bearer test-access-token" });
  // Read by env() on first use in this test file's process.
  process.env.META_GRAPH_URL = fake.baseUrl;
  process.env.MEDIA_DIR = await mkdtemp(path.join(tmpdir(), "conversa-media-"));
  channel = await createChannel({ provider: "meta" });
  await asService(
    (
      tx,
    ) => tx`update public.whatsapp_channels set credentials_encrypted = ${encryptSecret(JSON.stringify({ accessToken: "test-access-token" }))}
               where id = ${channel.id}`,
  );
});

afterAll(async () => {
  await stopQueue();
  await fake.close();
});

async function inboundImage(mediaId: string) {
  const wamid = newWamid();
  const body = metaInboundImage(
    { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber },
    { from: "6281388889999", caption: "ukuran L?", wamid },
  );
  const value = body.entry[0]?.changes[0]?.value as { messages: { image: { id: string } }[] } | undefined;
  const image = value?.messages[0]?.image;
  if (image) image.id = mediaId;
  await deliverAndProcess(channel, "meta", body);
  const [row] = await asService(
    (tx) => tx<{ id: string; media_status: string; media_id: string; media_caption: string }[]>`
    select id, media_status, media_id, media_caption from public.messages where wamid = ${wamid}`,
  );
  if (!row) throw new Error("message not stored");
  return row;
}

describe("media", () => {
  it("stores the message at once with its media pending, then downloads the file through the provider API", async () => {
    const bytes = Buffer.from("\xff\xd8\xff\xe0 fake jpeg bytes", "latin1");
    fake.media.set("1200000000001", { bytes, mimeType: "image/jpeg" });
    const message = await inboundImage("1200000000001");
    expect(message).toMatchObject({ media_status: "pending", media_id: "1200000000001", media_caption: "ukuran L?" });

    expect(await fetchMessageMedia(message.id, { finalAttempt: false })).toBe("stored");
    const [stored] = await asService(
      (tx) => tx`select media_status, media_storage_path, media_size from public.messages where id = ${message.id}`,
    );
    expect(stored).toMatchObject({ media_status: "stored", media_size: String(bytes.byteLength) });
    expect(await getMedia(String(stored?.media_storage_path))).toEqual(bytes);
    expect(fake.requests).toEqual(expect.arrayContaining(["GET /1200000000001", "GET /download/1200000000001"]));

    // A second run (duplicate job) changes nothing.
    expect(await fetchMessageMedia(message.id, { finalAttempt: false })).toBe("skipped");
  });

  it("keeps the message when the download fails, and marks the media failed after the last attempt", async () => {
    fake.media.set("1200000000002", { bytes: Buffer.from("x"), mimeType: "image/jpeg", failWith: 503 });
    const message = await inboundImage("1200000000002");

    await expect(fetchMessageMedia(message.id, { finalAttempt: false })).rejects.toThrow(/503/);
    const [afterRetryable] = await asService((tx) => tx`select media_status, media_error from public.messages where id = ${message.id}`);
    expect(afterRetryable).toMatchObject({ media_status: "pending" });
    expect(afterRetryable?.media_error).toContain("503");

    await expect(fetchMessageMedia(message.id, { finalAttempt: true })).rejects.toThrow();
    const [afterFinal] = await asService((tx) => tx`select media_status, body, type from public.messages where id = ${message.id}`);
    expect(afterFinal).toMatchObject({ media_status: "failed", type: "image", body: "ukuran L?" });
  });
});
