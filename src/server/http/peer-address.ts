import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/**
 * The TCP peer of each request, which Next.js does not expose (its server
 * only fills X-Forwarded-For with it when the client sent none). Node's
 * `http.server.request.start` diagnostics channel runs for every request of
 * every http server in the process, before the server's `request` listener
 * (Next's handler), so subscribing from instrumentation's register() reaches
 * the server `next start` / `next dev` has already created. The hook writes
 * PEER_HEADER on every request, replacing whatever the client sent.
 *
 * Requests that arrived before register() ran (queued while Next starts)
 * were not seen by the hook, so their header could be the client's own: the
 * value carries a random per-process proof, and a value without it is not
 * believed (peerAddress answers null).
 */
export const PEER_HEADER = "x-conversa-peer";

interface PeerHook {
  proof: string;
}
// Instrumentation and the app's route bundles each load their own copy of this module; the process shares globalThis.
const HOOK = Symbol.for("conversa.peer-address-hook");
const processState = globalThis as { [HOOK]?: PeerHook };

/** Installs the hook once per process (Node runtime only). */
export function installPeerAddressHook(): void {
  if (processState[HOOK]) return;
  const hook: PeerHook = { proof: randomBytes(18).toString("base64url") };
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const address = socket.remoteAddress;
    if (address) request.headers[PEER_HEADER] = `${hook.proof} ${address}`;
    else delete request.headers[PEER_HEADER];
  });
  processState[HOOK] = hook;
}

/** The socket address the hook recorded for this request, or null (no hook, or a value it did not write). */
export function peerAddress(headers: Pick<Headers, "get">): string | null {
  const hook = processState[HOOK];
  const value = headers.get(PEER_HEADER);
  if (!hook || !value) return null;
  const space = value.indexOf(" ");
  const proof = Buffer.from(value.slice(0, Math.max(space, 0)));
  const expected = Buffer.from(hook.proof);
  if (proof.length !== expected.length || !timingSafeEqual(proof, expected)) return null;
  return value.slice(space + 1);
}
