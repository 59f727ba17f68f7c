/**
 * Receives one signed Meta webhook in a process of its own and prints the
 * HTTP status it would answer: used to test behaviour with the database
 * unreachable (DATABASE_URL pointing at a closed port).
 */
import { createHmac } from "node:crypto";
import { receiveWebhook } from "@/server/ingest/receive";
import { metaInboundText } from "../../../scripts/webhooks/payloads";

const raw = JSON.stringify(
  metaInboundText({ phoneNumberId: "100000000000999", displayPhoneNumber: "15550001111" }, { from: "6281300000999", text: "hello?" }),
);
const signature = createHmac("sha256", "any-secret").update(raw).digest("hex");
const result = await receiveWebhook({
  provider: "meta",
  rawBody: new TextEncoder().encode(raw),
  headers: new Headers({ "x-hub-signature-256": `sha256=${signature}` }),
});
console.log(JSON.stringify({ status: result.status, body: result.body }));
process.exit(0);
