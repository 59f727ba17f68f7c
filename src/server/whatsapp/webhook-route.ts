import "server-only";
import { after, NextResponse } from "next/server";
import { env } from "@/server/env";
import type { Provider } from "./events";
import { processWebhookEvents } from "./processing/process-event";
import { receiveWebhook } from "./receive";

/**
 * The POST handler of every provider's webhook route: answer as soon as the
 * raw body is stored, then process it right after the response (the
 * recovery sweep picks it up if this process dies first).
 */
export async function handleWebhookPost(request: Request, provider: Provider, pathToken?: string) {
  const result = await receiveWebhook({
    provider,
    pathToken,
    headers: request.headers,
    rawBody: await readBodyWithin(request, env().WEBHOOK_MAX_BYTES),
  });
  if (result.storedEventIds.length > 0) {
    after(() => processWebhookEvents(result.storedEventIds).catch((error) => console.error("[webhook] inline processing failed", error)));
  }
  return NextResponse.json(result.body, { status: result.status });
}

/** The raw bytes, or null as soon as they exceed the limit (an oversized body is never buffered whole). */
async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array | null> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) return null;
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
