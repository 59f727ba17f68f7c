import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress, parseTrustedProxies } from "@/server/auth/client-address";
import { installPeerAddressHook, PEER_HEADER, peerAddress } from "@/server/http/peer-address";

/** What the app would see: the request's headers as Next hands them to route handlers and actions. */
function seenHeaders(request: http.IncomingMessage) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
  return headers;
}

/** A request from the loopback address `from` (all of 127/8 is local on Linux), with the headers a client chose. */
async function ask(port: number, from: string, headers: Record<string, string>) {
  const request = http.request({ host: "127.0.0.1", port, localAddress: from, headers });
  request.end();
  const [response] = (await once(request, "response")) as [http.IncomingMessage];
  let body = "";
  for await (const chunk of response) body += chunk;
  return JSON.parse(body) as { peer: string | null; client: string };
}

describe("the peer-address hook gives the app each request's real socket address", () => {
  let server: http.Server;
  let port: number;
  // Created and listening before the hook is installed, as `next start` does before instrumentation's register() runs.
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const headers = seenHeaders(request);
      const peer = peerAddress(headers);
      response.end(JSON.stringify({ peer, client: clientAddress(peer, headers.get("x-forwarded-for"), parseTrustedProxies("")) }));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  it("before the hook, a client-sent header is not believed; after it, forged headers give way to the socket", async () => {
    const forged = { [PEER_HEADER]: "198.51.100.7", "x-forwarded-for": "198.51.100.8" };
    expect(await ask(port, "127.0.0.2", forged)).toEqual({ peer: null, client: "unidentified" });

    installPeerAddressHook();
    installPeerAddressHook(); // idempotent: one subscription per process
    expect(await ask(port, "127.0.0.2", forged)).toEqual({ peer: "127.0.0.2", client: "127.0.0.2" });
    expect(await ask(port, "127.0.0.3", {})).toEqual({ peer: "127.0.0.3", client: "127.0.0.3" });
    // A forged value shaped like the hook's, without its per-process proof, is refused.
    expect(peerAddress(new Headers({ [PEER_HEADER]: "guessed-proof 198.51.100.7" }))).toBeNull();
    expect(peerAddress(new Headers({ [PEER_HEADER]: "198.51.100.7" }))).toBeNull();
  });
});
