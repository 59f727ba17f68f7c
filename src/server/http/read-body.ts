import "server-only";

/**
 * A request's or response's body, read no further than `limit` bytes, or
 * null: a declared length over the limit is refused before reading, and a
 * body that turns out longer than declared (or declares nothing) is cut off
 * as soon as it passes the limit. Never buffers an oversized body whole.
 * Webhooks, the integration API and media downloads all read through here.
 */
export async function readBodyWithin(message: Request | Response, limit: number): Promise<Uint8Array | null> {
  if (Number(message.headers.get("content-length") ?? 0) > limit) {
    await message.body?.cancel();
    return null;
  }
  if (!message.body) return new Uint8Array();
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}
