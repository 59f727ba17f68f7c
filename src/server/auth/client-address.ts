import "server-only";
import { BlockList, isIP } from "node:net";

/**
 * Which reverse proxies' X-Forwarded-For is believed (env TRUSTED_PROXIES):
 * none (the default), a hop count (that many proxies, each appending the
 * address it received the request from), or the proxies' address ranges.
 */
export type TrustedProxies = { kind: "none" } | { kind: "hops"; count: number } | { kind: "ranges"; ranges: BlockList };

/**
 * The key of callers whose address cannot be known: the peer-address hook
 * (src/server/http/peer-address.ts) did not see the request, as in a runtime
 * without it. They all share this one per-address bucket (docs/security.md).
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

/** "::ffff:10.0.0.1" → "10.0.0.1"; "[2001:db8::1]:443" → "2001:db8::1"; "10.0.0.1:80" → "10.0.0.1"; anything that is not an address → null. */
function normalizeAddress(raw: string): string | null {
  const address = raw
    .trim()
    .replace(/^\[(.*)\](?::\d+)?$/, "$1")
    .replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return mapped;
  return isIP(address) ? address.toLowerCase() : null;
}

function inRanges(ranges: BlockList, address: string) {
  return ranges.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy,
 * whose X-Forwarded-For is then believed as far as trusted proxies wrote it.
 * Each proxy appends the address it received the request from, so walking
 * X-Forwarded-For plus the peer from the right, the client is the first
 * address that is not a trusted proxy (anything left of it is whatever the
 * client chose to send):
 * - none: the peer, whatever the header says;
 * - hops N: the peer and the N-1 entries before it are the proxies;
 * - ranges: the first address outside the ranges (so an untrusted peer's
 *   header is never read).
 * A chain shorter than the proxies gives its leftmost address; an entry that
 * is not an address stops the walk at the last trusted one. No peer (the hook
 * did not see the request): UNIDENTIFIED_CLIENT.
 */
export function clientAddress(peer: string | null, forwardedFor: string | null, trusted: TrustedProxies): string {
  const socket = peer === null ? null : normalizeAddress(peer);
  if (!socket) return UNIDENTIFIED_CLIENT;
  if (trusted.kind === "none" || !forwardedFor) return socket;
  const chain = [...forwardedFor.split(",").map(normalizeAddress), socket];
  const isProxy = (address: string, hop: number) => (trusted.kind === "hops" ? hop < trusted.count : inRanges(trusted.ranges, address));
  let client = socket;
  for (let hop = 0; hop < chain.length; hop++) {
    const address = chain[chain.length - 1 - hop];
    if (!address) break;
    client = address;
    if (!isProxy(address, hop)) break;
  }
  return client;
}
