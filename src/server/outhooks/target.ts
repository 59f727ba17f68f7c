import "server-only";
import type { StoredNote } from "@/lib/stored-notes";
import { env } from "@/server/env";
import { assertPublicUrl, refusalOf, safeFetch } from "@/server/net/outbound";

/**
 * A subscription's URL, or a refusal written for the admin: https:// to a
 * public address (src/server/net/outbound.ts has the rules; hosts in
 * OUTBOUND_ALLOW_HOSTS are exempt, http:// included).
 */
export function checkTargetUrl(input: string): Promise<string> {
  return assertPublicUrl(input, { field: "url", label: "url", httpsOnly: true });
}

export const RESPONSE_EXCERPT_BYTES = 1024;

/** The first bytes of an answer as text for the log: at most 1 kB, no NUL (Postgres text cannot hold it). */
function excerpt(bytes: Buffer): string {
  let text = new TextDecoder().decode(bytes.subarray(0, RESPONSE_EXCERPT_BYTES)).replaceAll("\0", "");
  while (Buffer.byteLength(text) > RESPONSE_EXCERPT_BYTES) text = text.slice(0, -1);
  return text;
}

export interface PostResult {
  status: number | null;
  excerpt: string | null;
  /** Why no answer came, for the admin to read in their language (the network's own words as they are). */
  error: StoredNote | null;
  latencyMs: number;
}

/**
 * POSTs a body with a time limit for the whole exchange. Never throws: a
 * network error, timeout or refused address is returned as `error`.
 * Redirects are not followed (a 3xx counts as a failure).
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
  const started = performance.now();
  const { OUTBOUND_WEBHOOK_TIMEOUT_MS: timeoutMs } = env();
  const finish = (result: Omit<PostResult, "latencyMs">) => ({ ...result, latencyMs: Math.round(performance.now() - started) });
  let response: Response;
  try {
    response = await safeFetch(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return finish({ status: null, excerpt: null, error: describe(error, timeoutMs) });
  }
  try {
    return finish({ status: response.status, excerpt: excerpt(await firstBytes(response)), error: null });
  } catch (error) {
    return finish({ status: response.status, excerpt: null, error: describe(error, timeoutMs) });
  }
}

/** Enough of the answer for the log: the rest of a large answer is not read. */
async function firstBytes(response: Response): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  while (size < RESPONSE_EXCERPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel();
  return Buffer.concat(chunks);
}

function describe(error: unknown, timeoutMs: number): StoredNote {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return { key: "errors.webhooks.delivery.noAnswer", values: { seconds: timeoutMs / 1000 } };
  const refusal = refusalOf(error);
  if (refusal) return { key: "errors.webhooks.delivery.notSent", values: { reason: refusal.reason } };
  // fetch reports every network failure as "fetch failed"; the reason is its cause.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return { text: cause instanceof Error ? cause.message || String(cause) : String(cause) };
}
