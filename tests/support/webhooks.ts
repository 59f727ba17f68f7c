import { createHmac, randomUUID } from "node:crypto";
import { asService } from "@/server/db/client";
import { processWebhookEvents } from "@/server/ingest/process-event";
import { receiveWebhook } from "@/server/ingest/receive";
import type { Provider } from "@/server/whatsapp/providers";
import { metaInbound, newWamid } from "../../scripts/webhooks/payloads";
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

export interface CustomerMessage {
  wamid: string;
  messageId: string;
  conversationId: string;
  contactId: string;
}

/**
 * A customer writes to the channel: a Meta-format inbound webhook (any
 * provider's channel is routed by its phone_number_id), delivered and
 * processed. `message` replaces the text part, e.g. a reaction.
 */
export async function customerWrites(
  channel: TestChannel,
  options: {
    from: string;
    text?: string;
    name?: string;
    at?: Date;
    wamid?: string;
    replyTo?: string;
    message?: Record<string, unknown>;
  },
): Promise<CustomerMessage> {
  const wamid = options.wamid ?? newWamid();
  const message = options.message ?? { type: "text", text: { body: options.text ?? "Halo" } };
  const body = metaInbound(
    { phoneNumberId: channel.phoneNumberId, displayPhoneNumber: channel.displayPhoneNumber, wabaId: channel.wabaId },
    { from: options.from, name: options.name, at: options.at, wamid },
    options.replyTo ? { ...message, context: { from: options.from, id: options.replyTo } } : message,
  );
  const { response } = await deliverAndProcess(channel, "meta", body);
  if (response.status !== 200) throw new Error(`webhook refused: ${response.status}`);
  const [row] = await asService(
    (tx) => tx<{ id: string; conversation_id: string; contact_id: string }[]>`
      select m.id, m.conversation_id, c.contact_id
      from public.messages m join public.conversations c on c.id = m.conversation_id
      where m.workspace_id = ${channel.workspaceId} and m.wamid = ${wamid}`,
  );
  if (!row) throw new Error("inbound message not stored");
  return { wamid, messageId: row.id, conversationId: row.conversation_id, contactId: row.contact_id };
}
