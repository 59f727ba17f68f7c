import "server-only";
import dns, { type LookupAddress, type LookupOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";

/** Loopback, private, link-local (cloud metadata), carrier-grade NAT, multicast and reserved ranges. */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 127],
  ["64:ff9b::", 96],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv6");
}

export function isPrivateAddress(address: string): boolean {
  // An IPv4-mapped IPv6 address reaches the IPv4 address; URLs write it in hex (::ffff:7f00:1).
  const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (mapped) {
    const [, dotted, high, low] = mapped;
    if (dotted) return isPrivateAddress(dotted);
    const value = (Number.parseInt(high ?? "0", 16) << 16) | Number.parseInt(low ?? "0", 16);
    return isPrivateAddress([24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join("."));
  }
  const family = isIP(address);
  if (family === 0) return false;
  return PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

const allowLocal = () => env().OUTBOUND_WEBHOOKS_ALLOW_LOCAL;

/**
 * A subscription's URL, or a refusal written for the admin. Only https://
 * (http:// too when OUTBOUND_WEBHOOKS_ALLOW_LOCAL is on), no credentials in
 * the URL, and no address of our own network: the server would otherwise
 * post to internal services for whoever types their address (SSRF).
 */
export function checkTargetUrl(input: string, local = allowLocal()): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new AppError("invalid", "url: not a valid URL");
  }
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) {
    throw new AppError("invalid", "url: must start with https://");
  }
  if (url.username || url.password) throw new AppError("invalid", "url: must not contain a user name or password");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!local && (host === "localhost" || host.endsWith(".localhost") || isPrivateAddress(host))) {
    throw new AppError("invalid", "url: must be a public address, not one of a private network");
  }
  return url.toString();
}

/**
 * Resolves like the default lookup, but refuses private addresses when the
 * connection is made, so a name that resolves to one later (DNS rebinding)
 * is refused too. Node asks for all addresses (happy eyeballs) or one.
 */
function publicOnlyLookup(
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) return callback(new Error(`${hostname} resolves to a private address (${refused.address})`), []);
    const [first] = addresses;
    if (options.all) return callback(null, addresses);
    if (!first) return callback(new Error(`${hostname} has no address`), []);
    callback(null, first.address, first.family);
  });
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
  error: string | null;
  latencyMs: number;
}

/**
 * POSTs a body with a time limit for the whole exchange. Never throws: a
 * network error or timeout is returned as `error`. Redirects are not
 * followed (a 3xx counts as a failure), so a public URL cannot bounce the
 * request into our network.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
  const started = performance.now();
  const { OUTBOUND_WEBHOOK_TIMEOUT_MS: timeoutMs } = env();
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const finish = (result: Omit<PostResult, "latencyMs">) => resolve({ ...result, latencyMs: Math.round(performance.now() - started) });
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        signal: AbortSignal.timeout(timeoutMs),
        ...(allowLocal() ? {} : { lookup: publicOnlyLookup }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => finish({ status: response.statusCode ?? null, excerpt: excerpt(Buffer.concat(chunks)), error: null });
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          // Enough for the log: the rest of a large answer is not read.
          if (size >= RESPONSE_EXCERPT_BYTES) {
            response.destroy();
            done();
          }
        });
        response.on("end", done);
        response.on("error", (error) => finish({ status: response.statusCode ?? null, excerpt: null, error: describe(error, timeoutMs) }));
      },
    );
    request.on("error", (error) => finish({ status: null, excerpt: null, error: describe(error, timeoutMs) }));
    request.end(body);
  });
}

function describe(error: Error, timeoutMs: number): string {
  if (error.name === "TimeoutError" || error.name === "AbortError") return `No answer within ${timeoutMs / 1000} s`;
  return error.message || String(error);
}
