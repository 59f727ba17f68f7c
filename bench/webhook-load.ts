/**
 * The webhook load of the ingestion benchmarks (bench:ingest, bench:prod):
 * signed Meta webhooks, one inbound text each, from a few thousand numbers.
 */
import { createHmac } from "node:crypto";
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
