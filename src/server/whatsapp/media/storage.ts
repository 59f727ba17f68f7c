import "server-only";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { StorageClient } from "@supabase/storage-js";
import { env } from "@/server/env";

/**
 * Where WhatsApp media (received and sent) is kept, and members' avatars.
 * Keys are "<workspace id>/<message id or upload id>" and
 * "avatars/<user id>/<avatar id>". A private Supabase Storage bucket when
 * Supabase is configured, local disk (MEDIA_DIR) otherwise; the rest of the
 * app sees only these functions.
 */
interface MediaStore {
  put(key: string, bytes: Uint8Array, contentType: string | null): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  /** A short-lived URL the browser may fetch the file from directly, or null: stream it through /api/media. */
  browserUrl(key: string): Promise<string | null>;
}

const KEY = /^(avatars\/)?[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid media key ${key}`);
  return key;
}

const diskStore: MediaStore = {
  async put(key, bytes) {
    const file = path.resolve(env().MEDIA_DIR, checkedKey(key));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
  },
  get: (key) => readFile(path.resolve(env().MEDIA_DIR, checkedKey(key))).catch(() => null),
  browserUrl: async () => null,
};

/** Signed URLs live this long; the media route lets the browser reuse one for a fraction of it. */
export const SIGNED_URL_SECONDS = 3600;

function supabaseStore(url: string, secretKey: string, bucket: string): MediaStore {
  const storage = new StorageClient(`${url.replace(/\/$/, "")}/storage/v1`, { apikey: secretKey, Authorization: `Bearer ${secretKey}` });
  const files = () => storage.from(bucket);
  let bucketReady: Promise<void> | null = null;
  // The bucket is created private on first use, so a new project needs no manual step.
  const ensureBucket = () => {
    bucketReady ??= (async () => {
      const { error } = await storage.getBucket(bucket);
      if (!error) return;
      const created = await storage.createBucket(bucket, { public: false });
      if (created.error && !/already exists/i.test(created.error.message)) throw created.error;
    })().catch((error) => {
      bucketReady = null;
      throw error;
    });
    return bucketReady;
  };
  return {
    async put(key, bytes, contentType) {
      await ensureBucket();
      const { error } = await files().upload(checkedKey(key), bytes, {
        contentType: contentType ?? "application/octet-stream",
        upsert: true,
      });
      if (error) throw new Error(`media upload to Supabase Storage failed: ${error.message}`);
    },
    async get(key) {
      const { data, error } = await files().download(checkedKey(key));
      if (error || !data) return null;
      return Buffer.from(await data.arrayBuffer());
    },
    async browserUrl(key) {
      const { data, error } = await files().createSignedUrl(checkedKey(key), SIGNED_URL_SECONDS);
      if (error) throw new Error(`signing a media URL failed: ${error.message}`);
      return data.signedUrl;
    },
  };
}

const globalForMedia = globalThis as unknown as { conversaMediaStore?: MediaStore };

function store(): MediaStore {
  if (!globalForMedia.conversaMediaStore) {
    const { NEXT_PUBLIC_SUPABASE_URL, SUPABASE_SECRET_KEY, MEDIA_BUCKET } = env();
    globalForMedia.conversaMediaStore =
      NEXT_PUBLIC_SUPABASE_URL && SUPABASE_SECRET_KEY
        ? supabaseStore(NEXT_PUBLIC_SUPABASE_URL, SUPABASE_SECRET_KEY, MEDIA_BUCKET)
        : diskStore;
  }
  return globalForMedia.conversaMediaStore;
}

export const putMedia = (key: string, bytes: Uint8Array, contentType: string | null) => store().put(key, bytes, contentType);
export const getMedia = (key: string) => store().get(key);
export const mediaBrowserUrl = (key: string) => store().browserUrl(key);

export const mediaKey = (workspaceId: string, messageId: string) => `${workspaceId}/${messageId}`;
