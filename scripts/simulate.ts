/**
 * `npm run simulate -- <scenario> [options]`: posts realistic, correctly
 * signed webhooks to a running Conversa (default http://localhost:3000), as
 * the seeded demo numbers. How to see a message arrive without a real
 * WhatsApp number.
 *
 * Scenarios:
 *   text        an inbound text              (--from, --name, --text)
 *   image       an inbound photo with caption
 *   statuses    a message sent from the business app, then sent/delivered/read
 *               (--shuffle: out of order, --fail: ends in failed)
 *   duplicate   the same inbound text delivered --times N times at once
 *   burst       --count N inbound texts from N different new numbers
 * Options: --provider meta|kapso|360dialog (default meta), --url
 */
import { parseArgs } from "node:util";
import {
  type BusinessNumber,
  type DeliveryStatus,
  kapsoMessageReceived,
  metaEcho,
  metaInboundImage,
  metaInboundText,
  metaStatus,
  newWamid,
} from "./webhooks/payloads";
import { postWebhook, type SimulatedProvider, type Target } from "./webhooks/send";

/** The demo workspace's numbers and secrets (supabase/seed.sql). */
const DEMO: Record<SimulatedProvider, BusinessNumber & { secret: string; token: string }> = {
  kapso: {
    phoneNumberId: "100000000000001",
    displayPhoneNumber: "6281100000001",
    secret: "demo-kapso-webhook-secret",
    token: "demo-kapso-token",
  },
  "360dialog": {
    phoneNumberId: "100000000000002",
    displayPhoneNumber: "525500000002",
    secret: "demo-360dialog-webhook-secret",
    token: "demo-360dialog-token",
  },
  meta: { phoneNumberId: "100000000000003", displayPhoneNumber: "5511900000003", secret: "demo-meta-app-secret", token: "demo-meta-token" },
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    provider: { type: "string", default: "meta" },
    url: { type: "string", default: process.env.APP_URL ?? "http://localhost:3000" },
    from: { type: "string" },
    name: { type: "string", default: "Siti Rahma" },
    text: { type: "string", default: "Halo kak, produk ini masih ready? 😊" },
    times: { type: "string", default: "10" },
    count: { type: "string", default: "20" },
    shuffle: { type: "boolean", default: false },
    fail: { type: "boolean", default: false },
  },
});

const provider = values.provider as SimulatedProvider;
if (!(provider in DEMO)) throw new Error(`--provider must be one of ${Object.keys(DEMO).join(", ")}`);
const number = DEMO[provider];
const target: Target = { baseUrl: values.url, provider, secret: number.secret, token: number.token };
const randomNumber = () => `628${Math.floor(1e9 + Math.random() * 9e9)}`;
const from = values.from?.replace(/\D/g, "") ?? randomNumber();

function inboundText(text: string, sender = from, wamid = newWamid()) {
  const options = { from: sender, name: values.name, text, wamid };
  return provider === "kapso" ? kapsoMessageReceived(number, options) : metaInboundText(number, options);
}

async function send(body: unknown, label: string) {
  const result = await postWebhook(target, body);
  console.log(`${label}: HTTP ${result.status} ${result.body}`);
  return result;
}

async function main() {
  const scenario = positionals[0] ?? "text";
  switch (scenario) {
    case "text":
      await send(inboundText(values.text), `text from +${from}`);
      break;
    case "image":
      if (provider === "kapso") throw new Error("image: use --provider meta or 360dialog");
      await send(metaInboundImage(number, { from, name: values.name, caption: "Yang warna ini ada ukuran L?" }), `image from +${from}`);
      break;
    case "statuses": {
      if (provider === "kapso") throw new Error("statuses: use --provider meta or 360dialog");
      const wamid = newWamid();
      await send(inboundText("Saya mau pesan 2 ya"), `inbound from +${from}`);
      await send(metaEcho(number, { to: from, text: "Siap kak, kami proses sekarang 🙏", wamid }), "reply from the business app");
      const steps: DeliveryStatus[] = values.fail ? ["sent", "failed"] : ["sent", "delivered", "read"];
      if (values.shuffle) steps.reverse();
      const start = Date.now();
      for (const [i, status] of steps.entries()) {
        const order = values.shuffle ? steps.length - 1 - i : i;
        await send(metaStatus(number, { wamid, status, recipient: from, at: new Date(start + order * 2000) }), `status ${status}`);
      }
      break;
    }
    case "duplicate": {
      const body = inboundText(values.text);
      const times = Number(values.times);
      const results = await Promise.all(Array.from({ length: times }, () => postWebhook(target, body)));
      console.log(`${times} concurrent deliveries of one message: HTTP ${[...new Set(results.map((r) => r.status))].join(", ")}`);
      break;
    }
    case "burst": {
      const count = Number(values.count);
      const started = Date.now();
      const results = await Promise.all(
        Array.from({ length: count }, (_, i) => postWebhook(target, inboundText(`Pesan ${i + 1}: halo!`, randomNumber()))),
      );
      const ok = results.filter((r) => r.status === 200).length;
      console.log(`${ok}/${count} accepted in ${Date.now() - started} ms`);
      break;
    }
    default:
      throw new Error(`unknown scenario "${scenario}" (text, image, statuses, duplicate, burst)`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
