import "server-only";
import { BlockList, isIP } from "node:net";

/**
 * Which reverse proxies' X-Forwarded-For is believed (env TRUSTED_PROXIES):
 * none (the default), a hop count (that many proxies, each appending the
 * address it received the request from), or the proxies' address ranges.
 */
export type TrustedProxies = { kind: "none" } | { kind: "hops"; count: number } | { kind: "ranges"; ranges: BlockList };

/**
 * The key of callers whose address cannot be known: with no trusted proxy.
 * Next.js's server writes the socket address into X-Forwarded-For only when
 * the request carries none (`??=` in base-server.js), so a client that sends
 * its own header is indistinguishable from the socket's, and no route
 * handler, Server Action or proxy can read the socket. They all share this
 * one per-address bucket instead of naming their own (docs/security.md).
 */
export const UNIDENTIFIED_CLIENT = "unidentified";

/** Parses TRUSTED_PROXIES: "" → none; "2" → two hops; "10.0.0.0/8, 192.168.1.7, fd00::/8" → ranges. Throws on nonsense. */
export function parseTrustedProxies(value: string): TrustedProxies {
  const text = value.trim();
  if (!text) return { kind: "none" };
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count < 1 || count > 10) throw new Error("TRUSTED_PROXIES: a hop count must be between 1 and 10");
    return { kind: "hops", count };
  }
  const ranges = new BlockList();
  for (const entry of text.split(",").map((e) => e.trim())) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address);
    if (!family) throw new Error(`TRUSTED_PROXIES: "${entry}" is neither a hop count nor an address or CIDR range`);
    const type = family === 6 ? "ipv6" : "ipv4";
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    if (!Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32))
      throw new Error(`TRUSTED_PROXIES: bad prefix in "${entry}"`);
    ranges.addSubnet(address, bits, type);
  }
  return { kind: "ranges", ranges };
}

/** "::ffff:10.0.0.1" → "10.0.0.1"; anything that is not an address → null. */
function normalizeAddress(raw: string): string | null {
  const address = raw.trim().replace(/^\[(.*)\]$/, "$1");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return mapped;
  return isIP(address) ? address.toLowerCase() : null;
}

function inRanges(ranges: BlockList, address: string) {
  return ranges.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address from X-Forwarded-For, believing only what trusted
 * proxies wrote: each proxy appends the address it received the request
 * from, so the trustworthy entries are on the right and anything left of
 * them is whatever the client chose to send.
 * - hops N: the Nth entry from the right;
 * - ranges: walking from the right, the first entry outside the ranges;
 * - none: UNIDENTIFIED_CLIENT, whatever the header says.
 * A missing, short or malformed chain is UNIDENTIFIED_CLIENT too.
 */
export function clientAddress(forwardedFor: string | null, trusted: TrustedProxies): string {
  if (trusted.kind === "none" || !forwardedFor) return UNIDENTIFIED_CLIENT;
  const chain = forwardedFor.split(",").map(normalizeAddress);
  if (trusted.kind === "hops") return chain[chain.length - trusted.count] ?? UNIDENTIFIED_CLIENT;
  for (let i = chain.length - 1; i >= 0; i--) {
    const address = chain[i];
    if (!address) return UNIDENTIFIED_CLIENT;
    if (!inRanges(trusted.ranges, address)) return address;
  }
  return UNIDENTIFIED_CLIENT;
}
