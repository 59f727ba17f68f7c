import { createHmac } from "node:crypto";
import { expect, it } from "vitest";
import { asService } from "@/server/db/client";
import { receiveWebhook } from "@/server/ingest/receive";
import { metaInboundText } from "../../scripts/webhooks/payloads";

// Numbers connected through our own Meta app: Meta signs with the app secret, so a number we do not know can be verified.
const APP_SECRET = "test-meta-app-secret";
process.env.META_APP_SECRET = APP_SECRET;

const unknownNumber = () => String(9e14 + Math.floor(Math.random() * 9e13));

it("a webhook for an unknown number signed with our Meta app secret is kept whole, to diagnose", async () => {
  const phoneNumberId = unknownNumber();
  const raw = JSON.stringify(metaInboundText({ phoneNumberId, displayPhoneNumber: "1555" }, { from: "15551230000", text: "hello" }));
  const signature = `sha256=${createHmac("sha256", APP_SECRET).update(raw).digest("hex")}`;
  const response = await receiveWebhook({
    provider: "meta",
    rawBody: new TextEncoder().encode(raw),
    headers: new Headers({ "x-hub-signature-256": signature }),
  });
  expect(response.status).toBe(200);
  const [row] = await asService(
    (tx) => tx<{ outcome: string; payload: unknown; diagnostics: unknown }[]>`
      select outcome, payload, diagnostics from public.webhook_events where payload::text like ${`%${phoneNumberId}%`}`,
  );
  expect(row).toMatchObject({ outcome: "unroutable", payload: JSON.parse(raw), diagnostics: null });
});

it("with our Meta app secret configured, a made-up signature for an unknown number is refused and leaves a bounded record", async () => {
  const phoneNumberId = unknownNumber();
  const raw = JSON.stringify(
    metaInboundText({ phoneNumberId, displayPhoneNumber: "1555" }, { from: "15551230000", text: "x".repeat(100_000) }),
  );
  const response = await receiveWebhook({
    provider: "meta",
    rawBody: new TextEncoder().encode(raw),
    headers: new Headers({ "x-hub-signature-256": `sha256=${"1".repeat(64)}` }),
  });
  expect(response.status).toBe(401);
  const rows = await asService(
    (tx) => tx<{ outcome: string; payload: unknown; raw_body: string | null }[]>`
      select outcome, payload, raw_body from public.webhook_events
      where diagnostics -> 'phone_number_ids' ? ${phoneNumberId} or payload::text like ${`%${phoneNumberId}%`}`,
  );
  expect(rows).toEqual([{ outcome: "invalid_signature", payload: null, raw_body: null }]);
});
