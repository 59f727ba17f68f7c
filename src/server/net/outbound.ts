import "server-only";
import dns, { type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent, buildConnector, type Dispatcher, fetch as undiciFetch } from "undici";
import { env } from "@/server/env";
import { type ErrorKey, type ErrorText, invalidField, render } from "@/server/errors";

/**
 * The one way the server calls a URL that a user or a webhook chose
 * (outbound webhooks, a workspace's AI model server, media links): such a
 * request must not reach our own network (SSRF). Two checks, both needed:
 * `assertPublicUrl` when the URL is saved, so the admin hears why at once,
 * and `safeFetch`, whose connections re-check the address they actually
 * connect to, on every redirect too, so a name that resolves to a private
 * address later (DNS rebinding) or a public URL that redirects inward is
 * refused as well. Hosts listed in OUTBOUND_ALLOW_HOSTS are exempt.
 */

/**
 * A request the server will not make (an address that is not public, too
 * many redirects): `reason` for people, in their language, as a note inside
 * the caller's own sentence ("Not sent: …"); `message` is its English.
 */
export class OutboundRefused extends Error {
  constructor(readonly reason: Extract<ErrorText, { key: string }>) {
    super(render(reason));
    this.name = "OutboundRefused";
  }
}

const NAT64 = ipaddr.IPv6.parseCIDR("64:ff9b::/96");
const IPV4_COMPATIBLE = ipaddr.IPv6.parseCIDR("::/96");

/**
 * Whether an IP address is on the public internet: ipaddr.js's `unicast`,
 * so not loopback, private, link-local (cloud metadata), carrier-grade NAT,
 * unspecified, multicast or reserved. IPv6 forms that carry an IPv4 address
 * (mapped, NAT64) are judged by that address.
 */
export function isPublicAddress(address: string): boolean {
  if (isIP(address) === 0) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return parsed.range() === "unicast";
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return isPublicAddress(v6.toIPv4Address().toString());
  if (v6.match(NAT64)) return isPublicAddress(ipaddr.fromByteArray(v6.toByteArray().slice(12)).toString());
  // ::a.b.c.d (IPv4-compatible, deprecated): ipaddr.js calls it unicast, yet it names an IPv4 address.
  if (v6.match(IPV4_COMPATIBLE)) return false;
  return v6.range() === "unicast";
}

/** A host as OUTBOUND_ALLOW_HOSTS writes it: lower case, no trailing dot, IPv6 without brackets here. */
const bareHost = (hostname: string) =>
  hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.+$/, "")
    .toLowerCase();

/** RFC 6761: these names are loopback whatever DNS says. */
const isLocalName = (host: string) => host === "localhost" || host.endsWith(".localhost");

export interface OutboundOptions {
  /** `host:port` entries the rules do not apply to; defaults to OUTBOUND_ALLOW_HOSTS. */
  allowHosts?: readonly string[];
  /** Name resolution; defaults to the system's (tests give their own to play a rebinding DNS server). */
  lookup?: LookupFunction;
}

function isAllowed(hostname: string, port: string, protocol: string, allowHosts: readonly string[]): boolean {
  if (allowHosts.length === 0) return false;
  const host = bareHost(hostname);
  const written = host.includes(":") ? `[${host}]` : host;
  const effectivePort = port || (protocol === "https:" ? "443" : "80");
  return allowHosts.includes(`${written}:${effectivePort}`) || allowHosts.includes(`${written}:*`);
}

const SAVE_LOOKUP_TIMEOUT_MS = 5_000;

/**
 * Checks a URL before it is saved and returns it normalised, or throws an
 * invalid-field AppError for the person who typed it ("The URL must …"). http(s) only
 * (https only with `httpsOnly`), no user name or password, and a public
 * host: an IP literal in any spelling (the URL parser normalises decimal,
 * octal and hex IPv4), a `localhost` name, or a name whose addresses (all
 * of them) are not public are refused. A name that does not resolve yet is
 * accepted: `safeFetch` checks again when it connects.
 */
export async function assertPublicUrl(
  input: string,
  rules: {
    /** The input's field path, so the form marks that input. */
    field: string;
    /** The field, named in each language's sentence: "URL" or "API base URL". */
    label: "url" | "apiBaseUrl";
    httpsOnly: boolean;
    /** Said after a refused private address, what the person can do about it: how to reach a model server. */
    privateHint?: "model";
  } & OutboundOptions,
): Promise<string> {
  const refuse = (key: ErrorKey, values: Record<string, string> = {}) =>
    invalidField(rules.field, { key, values: { label: rules.label, hint: rules.privateHint ?? "none", ...values } });
  const inward = (resolved?: { host: string; address: string }) =>
    resolved ? refuse("errors.urls.privateResolved", resolved) : refuse("errors.urls.private");
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw refuse("errors.urls.notAWebAddress");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw refuse(rules.httpsOnly ? "errors.urls.httpsOnly" : "errors.urls.httpOnly");
  if (url.username || url.password) throw refuse("errors.urls.noCredentials");
  if (isAllowed(url.hostname, url.port, url.protocol, rules.allowHosts ?? env().OUTBOUND_ALLOW_HOSTS)) return url.toString();
  if (rules.httpsOnly && url.protocol !== "https:") throw refuse("errors.urls.httpsOnly");
  const host = bareHost(url.hostname);
  if (isLocalName(host)) throw inward();
  if (isIP(host) !== 0) {
    if (!isPublicAddress(host)) throw inward();
    return url.toString();
  }
  const addresses = await resolve(host, rules.lookup ?? dns.lookup);
  const found = addresses.find((address) => !isPublicAddress(address.address));
  if (found) throw inward({ host, address: found.address });
  return url.toString();
}

/** A name's addresses, or none when it does not resolve within a few seconds (a save does not wait on slow DNS). */
function resolve(host: string, lookup: LookupFunction): Promise<LookupAddress[]> {
  return new Promise((done) => {
    setTimeout(() => done([]), SAVE_LOOKUP_TIMEOUT_MS).unref();
    lookup(host, { all: true }, (error, addresses) => done(error || !Array.isArray(addresses) ? [] : addresses));
  });
}

/** Resolves like `lookup`, but fails when any address of the name is not public (Node then does not connect). */
function publicOnly(lookup: LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, found) => {
      if (error) return callback(error, []);
      const addresses = Array.isArray(found) ? found : [];
      const inward = addresses.find((address) => !isPublicAddress(address.address));
      if (inward)
        return callback(
          new OutboundRefused({ key: "errors.urls.refusedResolves", values: { host: hostname, address: inward.address } }),
          [],
        );
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new Error(`${hostname} has no address`), []);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * A connection pool whose every connection (first request, keep-alive,
 * redirect) is checked at the moment it is opened: IP literals and
 * `localhost` names directly (Node does not resolve literals), other names
 * through `publicOnly`.
 */
function publicOnlyDispatcher(options: OutboundOptions = {}): Dispatcher {
  const open = buildConnector({});
  const guarded = buildConnector({ lookup: publicOnly(options.lookup ?? dns.lookup) });
  return new Agent({
    connect: (target, callback) => {
      if (isAllowed(target.hostname, target.port, target.protocol, options.allowHosts ?? env().OUTBOUND_ALLOW_HOSTS)) {
        return open(target, callback);
      }
      const host = bareHost(target.hostname);
      if (isLocalName(host) || (isIP(host) !== 0 && !isPublicAddress(host))) {
        return callback(new OutboundRefused({ key: "errors.urls.refusedPrivate", values: { host } }), null);
      }
      guarded(target, callback);
    },
  });
}

/** Whether a URL's origin (scheme, host, port) is one of those of `bases` (e.g. a provider's API URLs). */
export function isOriginIn(url: string | URL, bases: readonly string[]): boolean {
  const origin = new URL(url).origin;
  return bases.some((base) => new URL(base).origin === origin);
}

export interface SafeFetchInit extends RequestInit {
  /**
   * Headers (an API key) sent only to these origins, while `headers` go
   * everywhere. Redirects are then followed here, for GET requests only,
   * and these are dropped on any hop to another origin: a URL from a
   * webhook may name any host.
   */
  credentialsFor?: { origins: readonly string[]; headers: Record<string, string> };
}

export type SafeFetch = (input: string | URL, init?: SafeFetchInit) => Promise<Response>;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * A `fetch` for URLs a user or a webhook chose: every connection goes
 * through `publicOnlyDispatcher`, so redirects are re-checked too (and
 * fetch drops Authorization when one leaves the origin). A refusal rejects
 * like a network error, with an `OutboundRefused` as its cause (`refusalOf`).
 */
export function createSafeFetch(options: OutboundOptions = {}): SafeFetch {
  const dispatcher = publicOnlyDispatcher(options);
  return async (input, init = {}) => {
    const { credentialsFor, ...rest } = init;
    // undici's own fetch: the global one would need a dispatcher of the undici bundled in Node.
    const send = (url: URL, extra: RequestInit) =>
      undiciFetch(url, { ...rest, ...extra, dispatcher } as Parameters<typeof undiciFetch>[1]) as unknown as Promise<Response>;
    if (!credentialsFor) return send(new URL(input), {});
    if ((rest.method ?? "GET").toUpperCase() !== "GET") throw new Error("credentialsFor is for GET requests only");
    let url = new URL(input);
    for (let hop = 0; ; hop++) {
      const headers = new Headers(rest.headers);
      if (isOriginIn(url, credentialsFor.origins)) {
        for (const [name, value] of Object.entries(credentialsFor.headers)) headers.set(name, value);
      }
      const response = await send(url, { headers, redirect: "manual" });
      const location = response.headers.get("location");
      if (!REDIRECT_STATUSES.has(response.status) || !location || rest.redirect === "manual") return response;
      await response.body?.cancel();
      if (hop === MAX_REDIRECTS) throw new OutboundRefused({ key: "errors.urls.refusedRedirects", values: { max: MAX_REDIRECTS } });
      url = new URL(location, url);
    }
  };
}

let shared: SafeFetch | undefined;

/** `createSafeFetch` with OUTBOUND_ALLOW_HOSTS and the system's resolver, one connection pool per process. */
export const safeFetch: SafeFetch = (input, init) => {
  shared ??= createSafeFetch();
  return shared(input, init);
};

/** The refusal behind a failed request (fetch wraps it in "fetch failed", clients wrap that again), if it was one. */
export function refusalOf(error: unknown): OutboundRefused | null {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof OutboundRefused) return cause;
  }
  return null;
}
