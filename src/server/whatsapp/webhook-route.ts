import "server-only";
import { after } from "next/server";
import { env } from "@/server/env";
import { logger, requestIdOf, withLogContext } from "@/server/log";
import type { Provider } from "./events";
import { processInline } from "./processing/inline";
import { receiveWebhook } from "./receive";

/**
 * The POST handler of every provider's webhook route: answer as soon as the
 * raw body is stored, then process it right after the response, batched
 * with the other webhooks of the moment (processing/inline.ts); the
 * recovery sweep picks it up if this process dies first.
 */
export function handleWebhookPost(request: Request, provider: Provider, pathToken?: string) {
  const requestId = requestIdOf(request.headers);
  return withLogContext({ requestId }, () => answerWebhook(request, provider, requestId, pathToken));
}

async function answerWebhook(request: Request, provider: Provider, requestId: string, pathToken?: string) {
  const result = await receiveWebhook({
    provider,
    pathToken,
    headers: request.headers,
    rawBody: await readBodyWithin(request, env().WEBHOOK_MAX_BYTES),
  });
  if (result.storedEventIds.length > 0) {
    const events = result.stored.length > 0 ? result.stored : result.storedEventIds;
    // after() runs its callback outside this request's log context: name the request again.
    after(() =>
      withLogContext({ requestId }, () =>
        processInline(events).catch((error) => logger.error({ err: error }, "inline processing of a webhook failed")),
      ),
    );
  }
  // A plain Response: NextResponse.json builds two responses and a cookie jar this answer never uses.
  return Response.json(result.body, { status: result.status });
}

/** The raw bytes, or null as soon as they exceed the limit (an oversized body is never buffered whole). */
async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = request.headers.get("content-length");
  if (Number(declared ?? 0) > limit) return null;
  if (!request.body) return new Uint8Array();
  // With a declared length the HTTP parser never delivers more than that: read it in one go.
  if (declared !== null) return new Uint8Array(await request.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
