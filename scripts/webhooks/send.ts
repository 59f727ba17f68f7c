import { createHmac, randomUUID } from "node:crypto";

export type SimulatedProvider = "meta" | "kapso" | "360dialog";

export interface Target {
  baseUrl: string;
  provider: SimulatedProvider;
  /** meta: app/channel secret; kapso: webhook secret; 360dialog: unused. */
  secret: string;
  /** 360dialog: the channel's path token. */
  token?: string;
}

/** Posts a body exactly as the provider would: same headers, signature over the exact bytes. */
export async function postWebhook(target: Target, body: unknown, options: { kapsoEvent?: string } = {}) {
  const raw = JSON.stringify(body);
  const signature = createHmac("sha256", target.secret).update(raw).digest("hex");
  const headers: Record<string, string> = { "content-type": "application/json" };
  let path: string;
  if (target.provider === "meta") {
    path = "/api/webhooks/meta";
    headers["x-hub-signature-256"] = `sha256=${signature}`;
  } else if (target.provider === "kapso") {
    path = "/api/webhooks/kapso";
    headers["x-webhook-signature"] = signature;
    headers["x-webhook-event"] = options.kapsoEvent ?? "whatsapp.message.received";
    headers["x-idempotency-key"] = randomUUID();
  } else {
    path = `/api/webhooks/360dialog/${target.token ?? ""}`;
  }
  const response = await fetch(new URL(path, target.baseUrl), { method: "POST", headers, body: raw });
  return { status: response.status, body: await response.text() };
}
