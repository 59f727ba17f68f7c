import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeSupabaseStorage } from "../support/fake-supabase-storage";

const SECRET_KEY = "sb_secret_test_0123456789";
let fake: Awaited<ReturnType<typeof startFakeSupabaseStorage>>;
let storage: typeof import("@/server/whatsapp/media/storage");
const saved = { ...process.env };

beforeAll(async () => {
  fake = await startFakeSupabaseStorage({ secretKey: SECRET_KEY });
  process.env.NEXT_PUBLIC_SUPABASE_URL = fake.url;
  process.env.SUPABASE_SECRET_KEY = SECRET_KEY;
  // The environment and the chosen store are read once per process: start from a clean slate.
  (globalThis as { conversaMediaStore?: unknown }).conversaMediaStore = undefined;
  vi.resetModules();
  storage = await import("@/server/whatsapp/media/storage");
});

afterAll(async () => {
  process.env = { ...saved };
  (globalThis as { conversaMediaStore?: unknown }).conversaMediaStore = undefined;
  await fake.close();
});

const newKey = () => `${randomUUID()}/${randomUUID()}`;

describe("media in Supabase Storage", () => {
  it("creates the private bucket once, uploads with the file's type, and reads it back", async () => {
    const key = newKey();
    const bytes = randomBytes(2048);
    await storage.putMedia(key, bytes, "image/jpeg");
    expect(fake.buckets.get("whatsapp-media")).toEqual({ public: false });
    expect(fake.objects.get(`whatsapp-media/${key}`)?.contentType).toBe("image/jpeg");
    expect(await storage.getMedia(key)).toEqual(bytes);

    // Stored again (a retried download): replaced, not refused.
    const again = randomBytes(16);
    await storage.putMedia(key, again, "image/jpeg");
    expect(await storage.getMedia(key)).toEqual(again);
    expect(await storage.getMedia(newKey())).toBeNull();
  });

  it("gives the browser a short-lived signed URL that serves the file, and nothing without it", async () => {
    const key = newKey();
    const bytes = randomBytes(512);
    await storage.putMedia(key, bytes, "application/pdf");
    const signed = await storage.mediaBrowserUrl(key);
    expect(signed).toMatch(new RegExp(`^${fake.url}/storage/v1/object/sign/whatsapp-media/`));
    const response = await fetch(String(signed));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);

    const tampered = String(signed).replace(/token=(\d+)\./, (_, expires) => `token=${Number(expires) + 3600}.`);
    expect((await fetch(tampered)).status).toBe(400);
    expect((await fetch(`${fake.url}/storage/v1/object/whatsapp-media/${key}`)).status).toBe(403);
  });

  it("refuses a key that is not a media key, before any request", async () => {
    await expect(storage.putMedia("../../etc/passwd", randomBytes(4), null)).rejects.toThrow(/invalid media key/);
  });
});
