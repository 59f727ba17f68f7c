import "server-only";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "@/server/env";

/** Local disk storage for media, under MEDIA_DIR. Keys are "<workspace id>/<message id>". */
function resolveKey(key: string): string {
  if (!/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`invalid media key ${key}`);
  return path.resolve(env().MEDIA_DIR, key);
}

export async function putMedia(key: string, bytes: Uint8Array): Promise<void> {
  const file = resolveKey(key);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
}

export async function getMedia(key: string): Promise<Buffer | null> {
  return readFile(resolveKey(key)).catch(() => null);
}

export const mediaKey = (workspaceId: string, messageId: string) => `${workspaceId}/${messageId}`;
