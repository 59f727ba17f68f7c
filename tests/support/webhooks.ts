import { createHmac, randomUUID } from "node:crypto";
import { asService } from "@/server/db/client";
import type { Provider } from "@/server/whatsapp/events";
import { processWebhookEvents } from "@/server/whatsapp/processing/process-event";
import { receiveWebhook } from "@/server/whatsapp/receive";
import { createTeam, unique } from "./fixtures";

export interface TestChannel {
  id: string;
  workspaceId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  secret: string;
  token: string;
  wabaId: string;
}

/** A workspace with one WhatsApp number (random ids unless given). */
export async function createChannel(
  options: { provider?: Provider; phoneNumberId?: string; wabaId?: string; workspaceId?: string; defaultCountry?: string } = {},
): Promise<TestChannel> {
  const workspaceId = options.workspaceId ?? (await createTeam()).workspaceId;
  if (options.defaultCountry) {
    await asService((tx) => tx`update public.workspaces set default_country = ${options.defaultCountry ?? "ID"} where id = ${workspaceId}`);
  }
  const phoneNumberId = options.phoneNumberId ?? String(1e14 + Math.floor(Math.random() * 8e14));
  const wabaId = options.wabaId ?? unique("waba");
  const secret = unique("secret");
  const token = unique("token");
  const [row] = await asService(
    (tx) => tx<{ id: string }[]>`
      insert into public.whatsapp_channels (workspace_id, provider, phone_number_id, waba_id, display_phone_number, name,
                                            webhook_secret, webhook_token)
      values (${workspaceId}, ${options.provider ?? "meta"}, ${phoneNumberId}, ${wabaId}, '15550783881', 'Test line',
              ${secret}, ${token})
      returning id`,
  );
  if (!row) throw new Error("no channel");
  return { id: row.id, workspaceId, phoneNumberId, displayPhoneNumber: "15550783881", secret, token, wabaId };
}

/** Delivers a body the way the provider would (signed over the exact bytes), without HTTP. */
export function deliver(
  channel: TestChannel,
  provider: Provider,
  body: unknown,
  options: { raw?: string; signature?: string | null; kapsoEvent?: string; token?: string } = {},
) {
  const raw = options.raw ?? JSON.stringify(body);
  const signature = createHmac("sha256", channel.secret).update(raw).digest("hex");
  const headers = new Headers({ "content-type": "application/json" });
  if (provider === "meta" && options.signature !== null) headers.set("x-hub-signature-256", options.signature ?? `sha256=${signature}`);
  if (provider === "kapso") {
    if (options.signature !== null) headers.set("x-webhook-signature", options.signature ?? signature);
    if (options.kapsoEvent) headers.set("x-webhook-event", options.kapsoEvent);
    headers.set("x-idempotency-key", randomUUID());
  }
  return receiveWebhook({
    provider,
    rawBody: new TextEncoder().encode(raw),
    headers,
    pathToken: provider === "360dialog" ? (options.token ?? channel.token) : undefined,
  });
}

/** Deliver and process inline, as the route does right after answering. */
export async function deliverAndProcess(...args: Parameters<typeof deliver>) {
  const response = await deliver(...args);
  const outcomes = await processWebhookEvents(response.storedEventIds);
  return { response, outcomes };
}
