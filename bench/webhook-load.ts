/**
 * The webhook load of the ingestion benchmarks (bench:ingest, bench:prod):
 * signed Meta webhooks, one inbound text each, from a few thousand numbers.
 */
import { createHmac } from "node:crypto";
import http from "node:http";
import { metaInboundText } from "../scripts/webhooks/payloads";

export interface BenchChannel {
  workspaceId: string;
  phoneNumberId: string;
  /** The channel's webhook secret: what the app checks X-Hub-Signature-256 against. */
  secret: string;
}

/** A signed inbound text from one of `numbers` senders, new wamid each time. */
export function signedWebhook(channel: BenchChannel, sequence: number, numbers: number) {
  const from = String(6281200000000 + (sequence % numbers));
  const body = JSON.stringify(
    metaInboundText(
      { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: "15550001111" },
      { from, name: `Pelanggan ${sequence % numbers}`, text: `Pesan nomor ${sequence}` },
    ),
  );
  const signature = createHmac("sha256", channel.secret).update(body).digest("hex");
  return {
    method: "POST" as const,
    path: "/api/webhooks/meta",
    body,
    headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${signature}` },
  };
}

/** How one webhook of a paced load ended; times in the sender's performance.now(). */
export interface WebhookOutcome {
  sequence: number;
  due: number;
  /** When the answer ended, or the request failed. */
  settled: number;
  /** The answer's status; 0 when the request failed before one. */
  status: number;
  /** Why the request failed without an answer (the error's code or name, and whether the socket was a kept-alive one). */
  error?: string;
  /** Why earlier attempts failed: a kept-alive socket the server had already closed (sent again at once, as a provider would retry). */
  retried?: string[];
}

/** An error's class for a report: its code (ECONNRESET…) or name, and whether it came on a kept-alive socket or a new one. */
function errorClass(error: NodeJS.ErrnoException, request: http.ClientRequest) {
  return `${error.code ?? error.name}${request.reusedSocket ? " on a reused socket" : " on a new socket"}`;
}

/**
 * Webhooks at a steady rate, evenly spaced (open loop): autocannon's
 * overallRate sends each second's quota back to back at the start of the
 * second, which measures bursts of `rate` requests rather than a steady
 * rate. Latency counts from when a request was due, so time spent waiting
 * for one of the `connections` sockets is included. `onSettled` hears how
 * each webhook ended.
 *
 * A request that fails on a kept-alive socket before any answer is sent
 * again (latency still from when it was due): the server closed that idle
 * socket (after its keepAliveTimeout) while this process had not yet seen
 * the close, the race every keep-alive client has, which a stalled event
 * loop widens (the agent's `timeout` below makes it rare). The server never
 * saw the request; a provider would retry.
 */
export async function paced(
  port: number,
  channel: BenchChannel,
  rate: number,
  seconds: number,
  options: { connections: number; numbers: number; firstSequence?: number; onSettled?: (outcome: WebhookOutcome) => void },
) {
  // `timeout` has the agent close an idle socket after 4 s, or 1 s before the server's Keep-Alive hint if sooner,
  // before the server closes it (Node's agent ignores the hint without it and keeps idle sockets until the
  // server's close, when a new request may be written to the closing socket: "ECONNRESET on a reused socket").
  // A request slower than that is not cut off.
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections, timeout: 4_000 });
  const total = Math.round(rate * seconds);
  const first = options.firstSequence ?? 0;
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let retries = 0;
  let settled = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const send = (sequence: number, due: number, retried: string[] = []) => {
      const { path, body, headers } = signedWebhook(channel, sequence, options.numbers);
      // Once per webhook: a response cut off mid-body may also fail the request.
      let ended = false;
      let answered = false;
      const end = (outcome: Omit<WebhookOutcome, "sequence" | "due">) => {
        if (ended) return;
        ended = true;
        if (outcome.error) errors++;
        else {
          latencies.push(outcome.settled - due);
          if (outcome.status >= 300) non2xx++;
        }
        if (retried.length) retries += retried.length;
        options.onSettled?.({ sequence, due, ...outcome, ...(retried.length ? { retried } : {}) });
        if (++settled === total) resolve();
      };
      const request = http.request(
        {
          host: "127.0.0.1",
          port,
          path,
          method: "POST",
          agent,
          headers: { ...headers, "content-length": Buffer.byteLength(body) },
        },
        (response) => {
          answered = true;
          response.resume();
          response.on("end", () => end({ settled: performance.now(), status: response.statusCode ?? 0 }));
        },
      );
      request.on("error", (error) => {
        if (!answered && request.reusedSocket && (error as NodeJS.ErrnoException).code === "ECONNRESET") {
          ended = true;
          send(sequence, due, [...retried, errorClass(error, request)]);
          return;
        }
        end({ settled: performance.now(), status: 0, error: errorClass(error, request) });
      });
      request.end(body);
    };
    let sent = 0;
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1);
      for (; sent < due; sent++) send(first + sent, started + sent * interval);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(q * latencies.length) - 1))] ?? Number.NaN);
  return { p50: at(0.5), p99: at(0.99), max: at(1), perSecond: total / elapsed, non2xx, errors, retries };
}
