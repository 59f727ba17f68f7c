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

/**
 * Webhooks at a steady rate, evenly spaced (open loop): autocannon's
 * overallRate sends each second's quota back to back at the start of the
 * second, which measures bursts of `rate` requests rather than a steady
 * rate. Latency counts from when a request was due, so time spent waiting
 * for one of the `connections` sockets is included. `onSend` hears each
 * webhook's sequence number and when it was due (performance.now()).
 */
export async function paced(
  port: number,
  channel: BenchChannel,
  rate: number,
  seconds: number,
  options: { connections: number; numbers: number; firstSequence?: number; onSend?: (sequence: number, due: number) => void },
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const total = Math.round(rate * seconds);
  const first = options.firstSequence ?? 0;
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let settled = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const settle = () => {
      if (++settled === total) resolve();
    };
    const send = (sequence: number, due: number) => {
      const { path, body, headers } = signedWebhook(channel, sequence, options.numbers);
      options.onSend?.(sequence, due);
      const request = http.request(
        { host: "127.0.0.1", port, path, method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } },
        (response) => {
          response.resume();
          response.on("end", () => {
            latencies.push(performance.now() - due);
            if ((response.statusCode ?? 0) >= 300) non2xx++;
            settle();
          });
        },
      );
      request.on("error", () => {
        errors++;
        settle();
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
  return { p50: at(0.5), p99: at(0.99), max: at(1), perSecond: total / elapsed, non2xx, errors };
}
