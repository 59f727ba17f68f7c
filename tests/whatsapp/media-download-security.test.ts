import { mkdtemp } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type RequestListener } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSecret } from "@/server/crypto/secrets";
import { asService } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { fetchMessageMedia } from "@/server/whatsapp/media/fetch-media";
import { mediaFetchJob } from "@/server/whatsapp/media/jobs";
import { getMedia } from "@/server/whatsapp/media/storage";
import { kapsoMessageReceived, metaInboundImage, newWamid } from "../../scripts/webhooks/payloads";
import { jobsFor, workJob } from "../support/fake-provider";
import { createChannel, deliverAndProcess, type TestChannel } from "../support/webhooks";

/**
 * A Kapso webhook names the media URL, so whoever can get a message into
 * it (or a compromised provider) chooses where the server downloads from.
 * Here 127.0.0.1 (allow-listed) stands in for the public internet: Kapso's
 * fake origin and an attacker's host. 127.0.0.2 and `localhost` stand in
 * for the internal network, which no media download may reach.
 */
process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1:*";

const KAPSO_KEY = "kapso-project-key-secret";
const META_TOKEN = "meta-access-token-secret";
const JPEG = Buffer.from("\xff\xd8\xff\xe0 jpeg bytes", "latin1");

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

const closers: (() => void)[] = [];

/** A local HTTP server that records every request reaching it. */
async function listen(handler: RequestListener, host = "127.0.0.1") {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url ?? "", headers: request.headers });
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  closers.push(() => server.close());
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return { port: address.port, origin: `http://${host}:${address.port}`, seen };
}

const servesJpeg: RequestListener = (_, response) => {
  response.writeHead(200, { "content-type": "image/jpeg", "content-length": JPEG.byteLength }).end(JPEG);
};

let kapso: Awaited<ReturnType<typeof listen>>;
let attacker: Awaited<ReturnType<typeof listen>>;
let internal: Awaited<ReturnType<typeof listen>>;
let internalOnLoopback: Awaited<ReturnType<typeof listen>>;
let graph: Awaited<ReturnType<typeof listen>>;
let channel: TestChannel;
let metaChannel: TestChannel;
/** What the fake Graph API's media lookup (`GET /{media-id}`) answers as the file's URL, by media id. */
const lookupAnswers = new Map<string, string>();

beforeAll(async () => {
  // Kapso's media host: files only with the project key; /redirect sends the client elsewhere.
  kapso = await listen((request, response) => {
    const url = new URL(request.url ?? "/", "http://kapso");
    if (url.pathname === "/redirect") {
      response.writeHead(302, { location: url.searchParams.get("to") ?? "/" }).end();
      return;
    }
    if (request.headers["x-api-key"] !== KAPSO_KEY) {
      response.writeHead(401, { "content-type": "application/json" }).end('{"error":"Invalid API key"}');
      return;
    }
    servesJpeg(request, response);
  });
  attacker = await listen(servesJpeg);
  internal = await listen(servesJpeg, "127.0.0.2");
  internalOnLoopback = await listen(servesJpeg);
  // Meta's Graph API: media lookups, and files under /files/, both only with the access token.
  graph = await listen((request, response) => {
    const id = decodeURIComponent((request.url ?? "").replace(/^\/v21\.0\//, ""));
    const authorized = request.headers.authorization === `Bearer ${META_TOKEN}`;
    if (authorized && id.startsWith("files/")) return servesJpeg(request, response);
    const url = lookupAnswers.get(id);
    if (!authorized || !url) {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"Unsupported get request","code":100}}');
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ url, mime_type: "image/jpeg", id }));
  });
  // Read by env() on first use in this file's process.
  process.env.META_GRAPH_URL = `${graph.origin}/v21.0`;
  process.env.KAPSO_API_URL = `${kapso.origin}/meta/whatsapp/v24.0`;
  process.env.KAPSO_PLATFORM_URL = `${kapso.origin}/platform/v1`;
  process.env.MEDIA_DIR = await mkdtemp(path.join(tmpdir(), "conversa-media-security-"));
  channel = await createChannel({ provider: "kapso" });
  await asService(
    (tx) => tx`update public.whatsapp_channels set credentials_encrypted = ${encryptSecret(JSON.stringify({ apiKey: KAPSO_KEY }))}
               where id = ${channel.id}`,
  );
  metaChannel = await createChannel({ provider: "meta" });
  await asService(
    (tx) => tx`update public.whatsapp_channels set credentials_encrypted = ${encryptSecret(JSON.stringify({ accessToken: META_TOKEN }))}
               where id = ${metaChannel.id}`,
  );
});

afterAll(async () => {
  await stopQueue();
  for (const close of closers) close();
});

/** A signed Kapso `whatsapp.message.received` event with an image whose media_url the sender chose; returns the stored message's id. */
async function kapsoImage(mediaUrl: string): Promise<string> {
  const wamid = newWamid();
  const body = kapsoMessageReceived(
    { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber },
    { from: "6281377776666", text: "", wamid },
  );
  const message = {
    ...body.message,
    type: "image",
    text: undefined,
    image: { id: `media-${wamid}`, caption: "foto" },
    kapso: { ...body.message.kapso, has_media: true, media_url: mediaUrl },
  };
  await deliverAndProcess(channel, "kapso", { ...body, message }, { kapsoEvent: "whatsapp.message.received" });
  const [row] = await asService((tx) => tx<{ id: string }[]>`select id from public.messages where wamid = ${wamid}`);
  if (!row) throw new Error("message not stored");
  return row.id;
}

/** The media job of the message, worked as the worker would: a throw leaves it for a retry. */
const runMediaJob = (messageId: string) =>
  workJob(mediaFetchJob.name, messageId, () => fetchMessageMedia(messageId, { finalAttempt: false }));

async function media(messageId: string) {
  const [row] = await asService(
    (tx) => tx<{ media_status: string; media_error: string | null; media_storage_path: string | null }[]>`
      select media_status, media_error, media_storage_path from public.messages where id = ${messageId}`,
  );
  return row;
}

describe("media downloads named by a webhook", () => {
  it("a media URL on Kapso's own origin is fetched with the API key and the file stored", async () => {
    const id = await kapsoImage(`${kapso.origin}/media/abc?token=1`);

    expect(await runMediaJob(id)).toBe("stored");
    expect(kapso.seen.at(-1)).toMatchObject({ url: "/media/abc?token=1", headers: { "x-api-key": KAPSO_KEY } });
    const stored = await media(id);
    expect(stored?.media_status).toBe("stored");
    expect(await getMedia(String(stored?.media_storage_path))).toEqual(JPEG);
  });

  it("a media URL on another host is fetched without the API key", async () => {
    const id = await kapsoImage(`${attacker.origin}/steal.jpg`);

    expect(await runMediaJob(id)).toBe("stored");
    expect(attacker.seen).toHaveLength(1);
    expect(attacker.seen[0]?.headers["x-api-key"]).toBeUndefined();
    expect(JSON.stringify(attacker.seen[0]?.headers)).not.toContain(KAPSO_KEY);
  });

  it("a redirect from Kapso's origin to another host drops the API key", async () => {
    const before = attacker.seen.length;
    const id = await kapsoImage(`${kapso.origin}/redirect?to=${encodeURIComponent(`${attacker.origin}/redirected.jpg`)}`);

    expect(await runMediaJob(id)).toBe("stored");
    expect(kapso.seen.at(-1)).toMatchObject({ url: expect.stringMatching(/^\/redirect/), headers: { "x-api-key": KAPSO_KEY } });
    expect(attacker.seen.slice(before)).toEqual([
      { url: "/redirected.jpg", headers: expect.not.objectContaining({ "x-api-key": KAPSO_KEY }) },
    ]);
  });

  it.each([
    ["a private address", () => `${internal.origin}/secret`, () => internal],
    ["a name of a loopback address", () => `http://localhost:${internalOnLoopback.port}/secret`, () => internalOnLoopback],
  ])("a media URL on %s is refused: nothing reaches it, the media fails at once, without retries", async (_, url, target) => {
    const id = await kapsoImage(url());

    expect(await runMediaJob(id)).toBe("failed");
    expect(target().seen).toEqual([]);
    const failed = await media(id);
    expect(failed).toMatchObject({ media_status: "failed", media_storage_path: null });
    expect(failed?.media_error).toMatch(/refused: .*private network/);
    expect((await jobsFor(mediaFetchJob.name, id)).map((job) => job.state)).toEqual(["completed"]);
  });

  it("a redirect from Kapso's origin to a private address is refused, as is a media URL that is not http(s)", async () => {
    const redirected = await kapsoImage(`${kapso.origin}/redirect?to=${encodeURIComponent(`${internal.origin}/secret`)}`);
    expect(await runMediaJob(redirected)).toBe("failed");
    expect(internal.seen).toEqual([]);

    const notHttp = await kapsoImage("file:///etc/passwd");
    expect(await runMediaJob(notHttp)).toBe("failed");
    expect((await media(notHttp))?.media_error).toBe("the media URL is not an http(s) URL");
  });
});

describe("media URLs answered by Meta's media lookup", () => {
  /** A Meta inbound image whose lookup answers `fileUrl`; returns the stored message's id. */
  async function metaImage(fileUrl: string): Promise<string> {
    const wamid = newWamid();
    const body = metaInboundImage(
      { phoneNumberId: metaChannel.phoneNumberId, displayPhoneNumber: metaChannel.displayPhoneNumber },
      { from: "6281355554444", wamid },
    );
    const value = body.entry[0]?.changes[0]?.value as { messages: { image: { id: string } }[] } | undefined;
    const mediaId = value?.messages[0]?.image.id ?? "";
    lookupAnswers.set(mediaId, fileUrl);
    await deliverAndProcess(metaChannel, "meta", body);
    const [row] = await asService((tx) => tx<{ id: string }[]>`select id from public.messages where wamid = ${wamid}`);
    if (!row) throw new Error("message not stored");
    return row.id;
  }

  it("a file URL on Graph's origin gets the access token; one on another host does not", async () => {
    const own = await metaImage(`${graph.origin}/v21.0/files/1.jpg`);
    expect(await runMediaJob(own)).toBe("stored");
    expect(graph.seen.at(-1)).toMatchObject({ url: "/v21.0/files/1.jpg", headers: { authorization: `Bearer ${META_TOKEN}` } });

    const before = attacker.seen.length;
    const foreign = await metaImage(`${attacker.origin}/lookaside.jpg`);
    expect(await runMediaJob(foreign)).toBe("stored");
    expect(attacker.seen.slice(before)).toEqual([
      { url: "/lookaside.jpg", headers: expect.not.objectContaining({ authorization: expect.anything() }) },
    ]);
  });

  it("a file URL on a private address is refused and the media fails without retries", async () => {
    const id = await metaImage(`${internal.origin}/metadata`);

    expect(await runMediaJob(id)).toBe("failed");
    expect(internal.seen).toEqual([]);
    expect((await media(id))?.media_error).toMatch(/refused: .*private network/);
    expect((await jobsFor(mediaFetchJob.name, id)).map((job) => job.state)).toEqual(["completed"]);
  });
});
